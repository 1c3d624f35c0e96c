// The secretlint recommended preset: run through secretlint's core (async), or by calling the same rule
// handlers directly (sync) — the preset's rules do all their work for text sources synchronously.
import { lintSource } from '@secretlint/core';
import { creator as recommendPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig, SecretLintRuleCreator, SecretLintRuleMessageTranslate } from '@secretlint/types';
import type { RawFinding } from './rules/detector';

const PRESET_ID = recommendPreset.meta.id;
/** secretlint's own comment directives; we have one documented suppression syntax instead. */
const DISABLED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments']);

const config: SecretLintCoreConfig = {
  rules: [
    {
      id: PRESET_ID,
      rule: recommendPreset,
      rules: [...DISABLED_RULES].map((id) => ({ id, rule: undefined as never, disabled: true })),
    },
  ],
};

/**
 * Literals of which one occurs in any text a preset rule can report on (read off the rules' patterns).
 * A text with none of them skips the preset: the pre-filter for clean documents.
 */
export const PRESET_TRIGGERS = [
  'akia', 'asia', 'a3t', 'agpa', 'aida', 'aroa', 'aipa', 'anpa', 'anva', 'access', 'account',
  'private', '://', '_authtoken', 'npm_', 'xox', 'hooks.slack', 'sk-', 'gsk_', 'hf_', 'lin_api_', 'ntn_',
  'sg.', 'shp', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'glpat-', 'glc_', 'glsa_', 'ops_',
  'hvs.', 'hvb.', 'hvr.', 'vcp_', 'vci_', 'vca_', 'vcr_', 'vck_', 'dapi', 'dckr_pat_', 'figd_',
];

interface PresetMessage {
  ruleId: string;
  message: string;
  range: readonly [number, number];
  data?: Record<string, unknown>;
}

export async function runPreset(text: string, file: string): Promise<RawFinding[]> {
  const result = await lintSource({
    source: { content: text, filePath: file || 'document.md', ext: '.md', contentType: 'text' },
    options: { config, noPhysicFilePath: true, maskSecrets: false },
  });
  return result.messages.map((m) => toRawFinding(text, m as PresetMessage));
}

/** Same rules, same options, called directly so the extension can scan synchronously. */
export function runPresetSync(text: string): RawFinding[] {
  const messages: PresetMessage[] = [];
  const source = { content: text, filePath: 'document.md', ext: '.md', contentType: 'text' as const };
  for (const rule of recommendPreset.rules as SecretLintRuleCreator[]) {
    if (DISABLED_RULES.has(rule.meta.id)) continue;
    const context = {
      sharedOptions: {},
      createTranslator: ((messagesById: Record<string, unknown>) => translator(messagesById)) as never,
      report(d: { message: { message: string; data?: Record<string, unknown> }; range: readonly [number, number] }) {
        messages.push({ ruleId: rule.meta.id, message: d.message.message, range: d.range, data: d.message.data });
      },
      ignore() {},
    };
    const handlers = rule.create(context as never, {} as never);
    const done = handlers.file?.(source as never);
    if (done && typeof (done as Promise<void>).catch === 'function') (done as Promise<void>).catch(() => undefined);
  }
  return messages.map((m) => toRawFinding(text, m));
}

function translator(messages: Record<string, unknown>): SecretLintRuleMessageTranslate<never> {
  return ((id: string, props?: Record<string, unknown>) => {
    const handler = messages[id] as ((p?: unknown) => string) | Record<string, (p?: unknown) => string>;
    const fn = typeof handler === 'function' ? handler : handler.en;
    return { message: fn(props), messageId: id, data: props };
  }) as never;
}

/**
 * Locates the secret a preset message is about. Some rules report a range that starts at the key name,
 * so prefer the reported value (in `data`) found at or after the range start.
 */
function toRawFinding(text: string, m: PresetMessage): RawFinding {
  let [start, end] = m.range;
  const values = Object.values(m.data ?? {}).filter((v): v is string => typeof v === 'string' && v.length >= 4);
  for (const value of values) {
    const at = text.indexOf(value, start);
    if (at !== -1 && at <= end + 200) {
      start = at;
      end = at + value.length;
      break;
    }
  }
  const secret = text.slice(start, end);
  return { rule: m.ruleId, message: presetMessage(m, secret), start, end, secret };
}

/** secretlint messages quote the secret: keep the description, drop the value. */
function presetMessage(m: PresetMessage, secret: string): string {
  let msg = m.message;
  for (const v of Object.values(m.data ?? {})) if (typeof v === 'string' && v.length >= 4) msg = msg.split(v).join('');
  msg = msg.split(secret).join('').replace(/\s*[:：]\s*$/, '').replace(/\s+/g, ' ').trim();
  return msg.charAt(0).toUpperCase() + msg.slice(1);
}
