// The dialect plugins ship no types: each is a markdown-it plugin (emoji takes options).
declare module 'markdown-it-deflist' {
  import type MarkdownIt from 'markdown-it';
  const plugin: MarkdownIt.PluginSimple;
  export default plugin;
}
declare module 'markdown-it-sub' {
  import type MarkdownIt from 'markdown-it';
  const plugin: MarkdownIt.PluginSimple;
  export default plugin;
}
declare module 'markdown-it-sup' {
  import type MarkdownIt from 'markdown-it';
  const plugin: MarkdownIt.PluginSimple;
  export default plugin;
}
declare module 'markdown-it-mark' {
  import type MarkdownIt from 'markdown-it';
  const plugin: MarkdownIt.PluginSimple;
  export default plugin;
}
declare module 'markdown-it-emoji' {
  import type MarkdownIt from 'markdown-it';
  export const full: MarkdownIt.PluginWithOptions<{ shortcuts?: Record<string, string | string[]>; enabled?: string[] }>;
}
declare module 'markdown-it-emoji/lib/data/full.mjs' {
  /** Shortcode (without colons) -> Unicode emoji: the table markdown-it-emoji's `full` plugin reads. */
  const defs: Record<string, string>;
  export default defs;
}
