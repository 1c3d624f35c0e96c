import { spawn } from 'node:child_process';
import type { DiagramBlock, DiagramRenderer, RenderOutcome } from '../../core';

/**
 * PlantUML (or another language) through a local command the workspace configures (`diagrams.plantuml.command`):
 * the source on stdin, SVG on stdout, run once per diagram through the shell. Nothing is sent anywhere else. A
 * non-zero exit is that diagram's error (its stderr); a command that cannot start fails the whole renderer.
 */
export class CommandRenderer implements DiagramRenderer {
  readonly id: string;

  constructor(
    readonly languages: readonly string[],
    private readonly command: string,
    private readonly cwd: string,
  ) {
    this.id = `command:${command}`;
  }

  async renderMany(blocks: DiagramBlock[], opts: { signal?: AbortSignal }): Promise<RenderOutcome[]> {
    const out: RenderOutcome[] = [];
    for (const b of blocks) out.push(await this.renderOne(b.source, opts.signal));
    return out;
  }

  private renderOne(source: string, signal?: AbortSignal): Promise<RenderOutcome> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, { shell: true, cwd: this.cwd, signal, stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => stdout.push(d));
      child.stderr.on('data', (d: Buffer) => stderr.push(d));
      child.on('error', reject);
      child.on('close', (code) => {
        const svg = Buffer.concat(stdout).toString('utf8');
        if (code === 127) return reject(new Error(`command not found: ${this.command}`));
        if (code !== 0 || !/<svg[\s>]/.test(svg)) {
          const message = Buffer.concat(stderr).toString('utf8').trim().split('\n')[0] || `exit status ${code}, no SVG on stdout`;
          return resolve({ error: message });
        }
        resolve({ svg: svg.slice(svg.indexOf('<svg')) });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(source);
    });
  }
}
