// Host-free: what a secret finding is called in the editor. Rule ids (`@secretlint/secretlint-rule-github`,
// `atlassian-api-token`) are implementation; the user reads "GitHub token". Unit-tested in stateWords.test.ts.
import type { SecretFinding } from '../../core';
import { msg, plural, t } from './translate';

const NAMES: Record<string, string> = {
  github: msg('GitHub token'), 'github-token': msg('GitHub token'), gitlab: msg('GitLab token'), 'gitlab-token': msg('GitLab token'),
  aws: msg('AWS key'), 'aws-access-key-id': msg('AWS access key'), gcp: msg('Google Cloud key'), 'google-api-key': msg('Google API key'),
  'google-oauth-secret': msg('Google OAuth secret'), npm: msg('npm token'), 'npmrc-auth': msg('npm token'), slack: msg('Slack token'),
  'slack-token': msg('Slack token'), basicauth: msg('password in a URL'), 'url-credentials': msg('password in a URL'),
  openai: msg('OpenAI key'), 'openai-api-key': msg('OpenAI key'), anthropic: msg('Anthropic key'), 'anthropic-api-key': msg('Anthropic key'),
  privatekey: msg('private key'), 'private-key': msg('private key'), sendgrid: msg('SendGrid key'), 'sendgrid-api-key': msg('SendGrid key'),
  '1password': msg('1Password token'), 'atlassian-api-token': msg('Atlassian API token'), 'atlassian-api-token-classic': msg('Atlassian API token'),
  'authorization-header': msg('authorization header'), 'azure-ad-client-secret': msg('Azure client secret'), 'azure-sas-token': msg('Azure SAS token'),
  'azure-storage-key': msg('Azure storage key'), 'chat-webhook-url': msg('chat webhook URL'), 'cli-password-argument': msg('password on a command line'),
  'cli-user-password': msg('password on a command line'), 'docker-config-auth': msg('Docker registry credentials'),
  'generic-secret-assignment': msg('secret assignment'), jwt: msg('JSON web token'), 'kubernetes-secret': msg('Kubernetes secret'),
  'misc-provider-token': msg('access token'), 'netrc-password': msg('.netrc password'), 'pypi-token': msg('PyPI token'),
  'stripe-secret-key': msg('Stripe secret key'), 'telegram-bot-token': msg('Telegram bot token'), 'twilio-api-key': msg('Twilio key'),
  'twilio-credentials': msg('Twilio credentials'), groq: msg('Groq key'), huggingface: msg('Hugging Face token'), linear: msg('Linear key'),
  notion: msg('Notion token'), shopify: msg('Shopify token'), grafana: msg('Grafana token'),
};

/** "GitHub token" for `@secretlint/secretlint-rule-github` or `github-token`; a readable fallback for others. */
export function secretName(rule: string): string {
  const id = rule.replace(/^@secretlint\/secretlint-rule-/, '');
  const name = NAMES[id];
  return name ? t(name) : id.replace(/[-_]+/g, ' ');
}

/** One finding as a line of a message: "docs/runbooks/deploy.md, line 4: GitHub token (ghp_****7i)". */
export function describeFinding(f: Pick<SecretFinding, 'file' | 'line' | 'rule' | 'preview'>): string {
  return f.preview ? t('{0}, line {1}: {2} ({3})', f.file, f.line, secretName(f.rule), f.preview) : t('{0}, line {1}: {2}', f.file, f.line, secretName(f.rule));
}

/** What the tree says of a document with findings: "2 likely secrets: GitHub token (line 4), …". */
export function findingsSummary(findings: readonly Pick<SecretFinding, 'line' | 'rule'>[]): string {
  const shown = findings.slice(0, 3).map((f) => t('{0} (line {1})', secretName(f.rule), f.line)).join(', ') + (findings.length > 3 ? ', …' : '');
  return plural(findings.length, '{0} likely secret: {1}', '{0} likely secrets: {1}', shown);
}
