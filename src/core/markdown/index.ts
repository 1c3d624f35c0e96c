export type {
  AttachmentRef, ConvertOptions, ConvertResult, DocumentLink, FrontMatter, Heading, LinkTarget,
} from './types';
export { convertMarkdown } from './convert';
export { parseFrontMatter, normaliseLabels } from './frontMatter';
export { headingAnchor, githubSlug, anchorLookup } from './anchors';
export { extractTitle, scanDocument, titleFromFileName, type DocumentOutline } from './title';
export { confluenceLanguage, type CodeLanguageSet } from './languages';
export { escapeXml, cdata, stripInvalidXmlChars } from './xml';
export { conversionOptions, flavorOfSiteUrl, type SiteFlavor, type SiteConversionOptions } from './conversionOptions';
export { linkTargetOf, workspaceDocumentResolver, type WorkspaceResolver } from './documentTargets';
