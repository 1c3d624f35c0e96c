export { isWellFormedStorage, scanStorageXml, type StorageXmlProblem, type StorageXmlScan, type WellFormedResult } from './wellFormed';
export {
  convertStorageToMarkdown, markdownAnchors, storageToMarkdown, type StorageToMarkdownOptions, type StorageToMarkdownResult,
  type UnconvertedElement,
} from './toMarkdown';
export { storageToHtml, safeUrl, type StorageToHtmlOptions } from './toHtml';
export { previewCss } from './previewCss';
