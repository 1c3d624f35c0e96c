// Host-free: what a secret finding is called in the editor. Rule ids (`@secretlint/secretlint-rule-github`,
// `atlassian-api-token`) are implementation; the user reads "GitHub token". Unit-tested in stateWords.test.ts.
import type { SecretFinding } from '../../core';

const NAMES: Record<string, string> = {
  github: 'GitHub token', 'github-token': 'GitHub token', gitlab: 'GitLab token', 'gitlab-token': 'GitLab token',
  aws: 'AWS key', 'aws-access-key-id': 'AWS access key', gcp: 'Google Cloud key', 'google-api-key': 'Google API key',
  'google-oauth-secret': 'Google OAuth secret', npm: 'npm token', 'npmrc-auth': 'npm token', slack: 'Slack token',
  'slack-token': 'Slack token', basicauth: 'password in a URL', 'url-credentials': 'password in a URL',
  openai: 'OpenAI key', 'openai-api-key': 'OpenAI key', anthropic: 'Anthropic key', 'anthropic-api-key': 'Anthropic key',
  privatekey: 'private key', 'private-key': 'private key', sendgrid: 'SendGrid key', 'sendgrid-api-key': 'SendGrid key',
  '1password': '1Password token', 'atlassian-api-token': 'Atlassian API token', 'atlassian-api-token-classic': 'Atlassian API token',
  'authorization-header': 'authorization header', 'azure-ad-client-secret': 'Azure client secret', 'azure-sas-token': 'Azure SAS token',
  'azure-storage-key': 'Azure storage key', 'chat-webhook-url': 'chat webhook URL', 'cli-password-argument': 'password on a command line',
  'cli-user-password': 'password on a command line', 'docker-config-auth': 'Docker registry credentials',
  'generic-secret-assignment': 'secret assignment', jwt: 'JSON web token', 'kubernetes-secret': 'Kubernetes secret',
  'misc-provider-token': 'access token', 'netrc-password': '.netrc password', 'pypi-token': 'PyPI token',
  'stripe-secret-key': 'Stripe secret key', 'telegram-bot-token': 'Telegram bot token', 'twilio-api-key': 'Twilio key',
  'twilio-credentials': 'Twilio credentials', groq: 'Groq key', huggingface: 'Hugging Face token', linear: 'Linear key',
  notion: 'Notion token', shopify: 'Shopify token', grafana: 'Grafana token',
};

/** "GitHub token" for `@secretlint/secretlint-rule-github` or `github-token`; a readable fallback for others. */
export function secretName(rule: string): string {
  const id = rule.replace(/^@secretlint\/secretlint-rule-/, '');
  return NAMES[id] ?? id.replace(/[-_]+/g, ' ');
}

/** One finding as a line of a message: "docs/runbooks/deploy.md, line 4: GitHub token (ghp_****7i)". */
export function describeFinding(f: Pick<SecretFinding, 'file' | 'line' | 'rule' | 'preview'>): string {
  return `${f.file}, line ${f.line}: ${secretName(f.rule)}${f.preview ? ` (${f.preview})` : ''}`;
}

/** What the tree says of a document with findings: "2 likely secrets: GitHub token (line 4), …". */
export function findingsSummary(findings: readonly Pick<SecretFinding, 'line' | 'rule'>[]): string {
  const shown = findings.slice(0, 3).map((f) => `${secretName(f.rule)} (line ${f.line})`).join(', ');
  return `${findings.length} likely secret${findings.length === 1 ? '' : 's'}: ${shown}${findings.length > 3 ? ', …' : ''}`;
}
