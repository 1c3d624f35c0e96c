/** Page links and attachment URLs in the worker's HTML, which the host turns into `vscode.open` links and webview URLs. */
export const OPEN_PLACEHOLDER = 'command:confluence-open?';
export const RESOURCE_PLACEHOLDER = 'https://confluence-resource.invalid/';
