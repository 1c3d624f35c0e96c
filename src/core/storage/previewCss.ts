/**
 * Styles that make `storageToHtml` output look like a Confluence page (Atlassian colours, light theme). Put the
 * fragment inside `<div class="cf-page">…</div>`: plain elements (headings, tables, code) are styled under it.
 */
export const previewCss = `
.cf-page { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #172b4d; font-size: 14px; line-height: 1.714; max-width: 760px; margin: 0 auto; padding: 16px 24px; }
.cf-page h1 { font-size: 1.714em; font-weight: 500; letter-spacing: -0.01em; margin: 1.667em 0 0; }
.cf-page h2 { font-size: 1.43em; font-weight: 500; margin: 1.8em 0 0; }
.cf-page h3 { font-size: 1.14em; font-weight: 600; margin: 2em 0 0; }
.cf-page h4, .cf-page h5, .cf-page h6 { font-size: 1em; font-weight: 600; margin: 1.357em 0 0; }
.cf-page p { margin: 0.75rem 0 0; }
.cf-page a { color: #0052cc; text-decoration: none; }
.cf-page a:hover { text-decoration: underline; }
.cf-page code { font-family: SFMono-Medium, "SF Mono", "Segoe UI Mono", Menlo, Consolas, monospace; font-size: 0.875em;
  background: #f4f5f7; border-radius: 3px; padding: 2px 4px; }
.cf-page blockquote { border-left: 2px solid #dfe1e6; margin: 0.75rem 0 0; padding-left: 16px; color: #172b4d; }
.cf-page table { border-collapse: collapse; margin: 24px 0; width: 100%; }
.cf-page th, .cf-page td { border: 1px solid #c1c7d0; padding: 7px 10px; vertical-align: top; text-align: left; }
.cf-page th { background: #f4f5f7; font-weight: 600; }
.cf-page th p:first-child, .cf-page td p:first-child { margin-top: 0; }
.cf-page hr { border: none; border-top: 2px solid #dfe1e6; margin: 1.714em 0; }
.cf-page img.cf-image { max-width: 100%; }
.cf-code { border: 1px solid #dfe1e6; border-radius: 3px; margin: 0.75rem 0 0; background: #f4f5f7; overflow: hidden; }
.cf-code-title { background: #ebecf0; border-bottom: 1px solid #dfe1e6; padding: 4px 12px; font-weight: 600; font-size: 12px; }
.cf-code-body { margin: 0; padding: 8px 12px; overflow-x: auto; font-size: 12px; line-height: 1.5; }
.cf-code-body code { background: none; padding: 0; font-size: inherit; }
.cf-code-numbered .cf-ln { display: inline-block; width: 2.5em; margin-right: 12px; color: #7a869a; text-align: right; user-select: none; }
.cf-panel { display: flex; gap: 12px; border-radius: 3px; padding: 12px 16px; margin: 0.75rem 0 0; }
.cf-panel-icon { flex: none; width: 20px; height: 20px; border-radius: 50%; color: #fff; font-size: 12px; font-weight: 700;
  display: inline-flex; align-items: center; justify-content: center; margin-top: 2px; }
.cf-panel-content { flex: 1; min-width: 0; }
.cf-panel-content > :first-child { margin-top: 0; }
.cf-panel-title { font-weight: 600; margin: 0 0 4px; }
.cf-panel-info { background: #deebff; } .cf-panel-info .cf-panel-icon { background: #0052cc; }
.cf-panel-tip { background: #e3fcef; } .cf-panel-tip .cf-panel-icon { background: #00875a; }
.cf-panel-note { background: #fffae6; } .cf-panel-note .cf-panel-icon { background: #ff8b00; }
.cf-panel-warning { background: #ffebe6; } .cf-panel-warning .cf-panel-icon { background: #de350b; }
.cf-panel-plain { border: 1px solid #dfe1e6; }
.cf-task-list { list-style: none; padding-left: 0; margin: 0.75rem 0 0; }
.cf-task { display: flex; align-items: flex-start; gap: 8px; margin: 4px 0; }
.cf-checkbox { flex: none; width: 14px; height: 14px; border: 2px solid #dfe1e6; border-radius: 3px; margin-top: 4px; background: #fafbfc; }
.cf-task-complete .cf-checkbox { background: #0052cc; border-color: #0052cc; position: relative; }
.cf-task-complete .cf-checkbox::after { content: "✓"; color: #fff; font-size: 11px; position: absolute; left: 1px; top: -4px; }
.cf-task-complete .cf-task-body { text-decoration: line-through; color: #6b778c; }
.cf-expand { margin: 0.75rem 0 0; }
.cf-expand > summary { cursor: pointer; color: #42526e; }
.cf-expand-body { border-left: 2px solid #dfe1e6; padding: 4px 0 4px 16px; }
.cf-toc ul { list-style: disc; padding-left: 24px; margin: 4px 0; }
.cf-toc { margin: 0.75rem 0 0; }
.cf-status { display: inline-block; border-radius: 3px; padding: 0 4px; font-size: 11px; font-weight: 700;
  text-transform: uppercase; line-height: 16px; vertical-align: middle; }
.cf-status-grey { background: #dfe1e6; color: #42526e; } .cf-status-red { background: #ffebe6; color: #bf2600; }
.cf-status-yellow { background: #fff0b3; color: #172b4d; } .cf-status-green { background: #e3fcef; color: #006644; }
.cf-status-blue { background: #deebff; color: #0747a6; } .cf-status-purple { background: #eae6ff; color: #403294; }
.cf-page-link::before { content: "📄 "; font-size: 0.85em; }
span.cf-page-link { color: #0052cc; }
.cf-image-missing, .cf-macro-unknown { display: inline-block; border: 1px dashed #c1c7d0; padding: 2px 6px; color: #6b778c; }
.cf-macro-name { font-family: monospace; font-size: 11px; margin-right: 6px; }
.cf-jira { background: #f4f5f7; border-radius: 3px; padding: 0 4px; }
`;
