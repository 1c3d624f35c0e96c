// The secretlint recommended preset: run through secretlint's core (async), or by calling the same rule
// handlers directly (sync) — the preset's rules do all their work for text sources synchronously.
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig, SecretLintRuleCreator, SecretLintRuleMessageTranslate } from '@secretlint/types';
import type { RawFinding } from './rules/detector';

// secretlint 12.0.0's core marks every lint and rule run on the global performance timeline, and its profiler
// keeps every entry (and searches them linearly): unbounded memory and quadratic slow-down in a long-lived
// extension host or over a large workspace. Nothing reads the profile here, so marking is switched off.
(secretLintProfiler as unknown as { mark: (marker: unknown) => void }).mark = () => undefined;

const PRESET_ID = recommendPreset.meta.id;
/** secretlint's own comment directives; we have one documented suppression syntax instead. */
const DISABLED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments']);

/**
 * Per preset rule: lower-case literals of which one occurs in any text the rule can report on (read off the
 * rules' patterns in 12.0.0). A rule whose literals are all absent is skipped: the pre-filter that keeps clean
 * documents cheap. Rules not listed here (added in a later preset) always run.
 */
const RULE_TRIGGERS: Record<string, string[]> = {
  '@secretlint/secretlint-rule-aws': ['access'],
  '@secretlint/secretlint-rule-gcp': ['private_key'],
  '@secretlint/secretlint-rule-npm': ['x-oauth-basic', '_authtoken', 'npm_'],
  '@secretlint/secretlint-rule-slack': ['xoxb-', 'xoxp-', 'xapp-', 'xoxa-', 'xoxo-', 'xoxr-', 'hooks.slack.com'],
  '@secretlint/secretlint-rule-basicauth': ['://'],
  '@secretlint/secretlint-rule-openai': ['t3blbkfj'],
  '@secretlint/secretlint-rule-anthropic': ['sk-ant-api0'],
  '@secretlint/secretlint-rule-groq': ['gsk_'],
  '@secretlint/secretlint-rule-huggingface': ['hf_'],
  '@secretlint/secretlint-rule-linear': ['lin_api_'],
  '@secretlint/secretlint-rule-notion': ['ntn_'],
  '@secretlint/secretlint-rule-privatekey': ['private key'],
  '@secretlint/secretlint-rule-sendgrid': ['sg.'],
  '@secretlint/secretlint-rule-shopify': ['shppa_', 'shpca_', 'shpat_', 'shpss_'],
  '@secretlint/secretlint-rule-github': ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  '@secretlint/secretlint-rule-gitlab': ['glpat-'],
  '@secretlint/secretlint-rule-grafana': ['glc_', 'glsa_'],
  '@secretlint/secretlint-rule-1password': ['ops_ey'],
  '@secretlint/secretlint-rule-database-connection-string': ['mongodb', 'mysql', 'postgres'],
  '@secretlint/secretlint-rule-hashicorp-vault': ['hvs.', 'hvb.', 'hvr.'],
  '@secretlint/secretlint-rule-vercel': ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
  '@secretlint/secretlint-rule-databricks': ['dapi'],
  '@secretlint/secretlint-rule-docker': ['dckr_pat_'],
  '@secretlint/secretlint-rule-figma': ['figd_'],
};

const presetRules = recommendPreset.rules as SecretLintRuleCreator[];

/** The preset's rules that can match this text (lower-cased). */
export function applicablePresetRules(lower: string): SecretLintRuleCreator[] {
  return presetRules.filter((rule) => {
    if (DISABLED_RULES.has(rule.meta.id)) return false;
    const triggers = RULE_TRIGGERS[rule.meta.id];
    return !triggers || triggers.some((t) => lower.includes(t));
  });
}

function configFor(rules: SecretLintRuleCreator[]): SecretLintCoreConfig {
  const on = new Set(rules.map((r) => r.meta.id));
  return {
    rules: [
      {
        id: PRESET_ID,
        rule: recommendPreset,
        rules: presetRules.filter((r) => !on.has(r.meta.id)).map((r) => ({ id: r.meta.id, rule: r, disabled: true })),
      },
    ],
  };
}

interface PresetMessage {
  ruleId: string;
  message: string;
  range: readonly [number, number];
  data?: Record<string, unknown>;
}

/** Runs the applicable preset rules through secretlint's core. */
export async function runPreset(text: string, lower: string, file: string): Promise<RawFinding[]> {
  const rules = applicablePresetRules(lower);
  if (rules.length === 0) return [];
  const result = await lintSource({
    source: { content: text, filePath: file || 'document.md', ext: '.md', contentType: 'text' },
    options: { config: configFor(rules), noPhysicFilePath: true, maskSecrets: false },
  });
  return result.messages.map((m) => toRawFinding(text, m as PresetMessage));
}

/** Same rules, same options, called directly so the extension can scan synchronously. */
export function runPresetSync(text: string, lower: string): RawFinding[] {
  const messages: PresetMessage[] = [];
  const source = { content: text, filePath: 'document.md', ext: '.md', contentType: 'text' as const };
  for (const rule of applicablePresetRules(lower)) {
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
