export { isWellFormedStorage, scanStorageXml, type StorageXmlProblem, type StorageXmlScan, type WellFormedResult } from './wellFormed';
export { storageToMarkdown, type StorageToMarkdownOptions } from './toMarkdown';
export { storageToHtml, safeUrl, type StorageToHtmlOptions } from './toHtml';
export { previewCss } from './previewCss';
