/**
 * Code macro languages. Confluence rejects or mis-renders a code macro whose language it does not know, so every
 * info-string language is mapped to one it knows, or "none".
 * Data Center ships the classic set; Cloud knows more (typescript, go, json, ...).
 */
const DATA_CENTER = new Set([
  'actionscript3', 'applescript', 'bash', 'csharp', 'coldfusion', 'cpp', 'css', 'delphi', 'diff', 'erlang', 'groovy',
  'html', 'java', 'javafx', 'javascript', 'perl', 'php', 'powershell', 'python', 'ruby', 'sass', 'scala', 'sql', 'vb',
  'xml', 'yaml', 'none',
]);
// Languages of the Cloud code snippet picker (as used by md2conf and markdown-confluence); only names we are sure of.
const CLOUD_ONLY = new Set([
  'c', 'clojure', 'dart', 'go', 'graphql', 'haskell', 'json', 'kotlin', 'lua', 'markdown', 'matlab', 'objective-c',
  'r', 'rust', 'swift', 'typescript',
]);

const ALIASES: Record<string, string> = {
  sh: 'bash', shell: 'bash', console: 'bash', zsh: 'bash', shellsession: 'bash', 'shell-session': 'bash', ksh: 'bash',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript', ecmascript: 'javascript',
  yml: 'yaml', py: 'python', python3: 'python', rb: 'ruby', 'c#': 'csharp', cs: 'csharp', dotnet: 'csharp',
  'c++': 'cpp', cc: 'cpp', hpp: 'cpp', cxx: 'cpp', h: 'c', kt: 'kotlin', kts: 'kotlin', golang: 'go', rs: 'rust',
  ps: 'powershell', ps1: 'powershell', pwsh: 'powershell', xhtml: 'xml', svg: 'xml', htm: 'html',
  patch: 'diff', udiff: 'diff', scss: 'sass', less: 'css', vbnet: 'vb', 'visual-basic': 'vb', as3: 'actionscript3',
  actionscript: 'actionscript3', pl: 'perl', erl: 'erlang', gradle: 'groovy', md: 'markdown', objc: 'objective-c', jsonc: 'json', json5: 'json',
  text: 'none', txt: 'none', plain: 'none', plaintext: 'none', none: 'none', '': 'none',
  postgres: 'sql', postgresql: 'sql', mysql: 'sql', plsql: 'sql', psql: 'sql', sqlite: 'sql', ini: 'none',
};

// What a Cloud-only language becomes on Data Center.
const DATA_CENTER_FALLBACK: Record<string, string> = {
  typescript: 'javascript', json: 'javascript', kotlin: 'java', c: 'cpp', dart: 'java',
};

export type CodeLanguageSet = 'cloud' | 'datacenter';

/** Maps a fenced-code language to a Confluence code macro language ("none" when unknown). */
export function confluenceLanguage(lang: string, set: CodeLanguageSet = 'cloud'): string {
  const key = lang.trim().toLowerCase();
  const name = ALIASES[key] ?? key;
  if (DATA_CENTER.has(name)) return name;
  if (CLOUD_ONLY.has(name)) return set === 'cloud' ? name : (DATA_CENTER_FALLBACK[name] ?? 'none');
  return 'none';
}
