import type { DiagramConfig, DiagramRenderer } from '../../core';
import { CommandRenderer } from './commandRenderer';
import { MathJaxRenderer } from './mathjax';
import { ChromiumMermaidRenderer } from './mermaidChromium';
import { findBrowser, isInstalled, loadOptional, missingPackage, packageFile } from './runtime';

export interface CliDiagrams {
  renderers: DiagramRenderer[];
  /** Why a language cannot be rendered on this machine (the warning on each such block). */
  unavailable: Record<string, string>;
}

/**
 * The CLI's diagram renderers: Mermaid in a headless Chromium found on the machine (nothing starts until a diagram
 * is not in the render cache), PlantUML through `diagrams.plantuml.command`. No remote service, ever.
 */
export function cliDiagramRenderers(config: DiagramConfig | undefined, env: NodeJS.ProcessEnv, root: string): CliDiagrams {
  const renderers: DiagramRenderer[] = [];
  const unavailable: Record<string, string> = {};
  const browser = findBrowser(config?.browser, env);
  const mermaid = env.CONFLUENCE_MERMAID_JS ? { path: env.CONFLUENCE_MERMAID_JS, version: 'custom' } : packageFile('mermaid', 'dist/mermaid.min.js');
  const playwright = () => loadOptional<ReturnType<ConstructorParameters<typeof ChromiumMermaidRenderer>[0]>>('playwright-core');
  const packages = [...(mermaid ? [] : ['mermaid']), ...(isInstalled('playwright-core') ? [] : ['playwright-core'])];
  if (mermaid) {
    // Registered even when it cannot run here: its id names the cached diagrams (status, a re-run without a browser).
    renderers.push(new ChromiumMermaidRenderer(playwright, browser ?? '', mermaid));
  }
  if (packages.length) unavailable.mermaid = missingPackage(packages);
  else if (!browser) unavailable.mermaid = 'no Chromium or Chrome found (set diagrams.browser in .confluence.yml or CONFLUENCE_BROWSER to its path)';
  const math = MathJaxRenderer.load();
  if (math) renderers.push(math);
  else unavailable.math = missingPackage(['mathjax-full']);
  if (config?.plantumlCommand) renderers.push(new CommandRenderer(['plantuml'], config.plantumlCommand, root));
  return { renderers, unavailable };
}
