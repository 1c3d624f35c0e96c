// Provider tokens recognisable by their prefix or shape (gitleaks-style), the ones docs need beyond the preset.
import { isDocumentedExample, isPlaceholder, shannonEntropy } from '../values';
import { nearbyText, regexRule, type Detector, type RawFinding } from './detector';

/** A prefixed token is real when it is not a placeholder and is not a run of one or two characters. */
// The vendor prefix itself (AGE-SECRET-KEY-1, sk-ant-api03-) is not judged: words in it are not placeholders.
const realToken = (secret: string) => {
  if (isDocumentedExample(secret)) return false;
  const body = secret.replace(/^(?:AGE-SECRET-KEY-1|[A-Za-z0-9]{1,12}[-_.](?:[A-Za-z0-9]{1,8}[-_.]){0,3})/, '');
  return !isPlaceholder(body.length >= 8 ? body : secret) && shannonEntropy(secret) >= 3;
};

// Signatures of the sample tokens on jwt.io and in RFC 7519, reproduced in countless docs.
const DOCUMENTED_JWT_SIGNATURES = new Set(['SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk']);

/** 24-character classic tokens: only looked for in the lines around an Atlassian/Jira/Confluence mention. */
const atlassianClassicToken: Detector = {
  id: 'atlassian-api-token-classic',
  description: '24-character Atlassian API token (older format) within a few lines of Atlassian/Jira/Confluence context',
  triggers: ['atlassian', 'jira', 'confluence'],
  detect(ctx) {
    const out: RawFinding[] = [];
    const seen = new Set<number>();
    for (const mention of ctx.text.matchAll(/atlassian|jira|confluence/gi)) {
      const line = ctx.lines.lineOf(mention.index!);
      for (let l = Math.max(0, line - 3); l <= Math.min(ctx.lines.lineCount - 1, line + 3); l++) {
        if (seen.has(l)) continue;
        seen.add(l);
        const from = ctx.lines.lineStart(l);
        for (const m of ctx.lines.lineText(l).matchAll(/(?<![A-Za-z0-9_+/.-])[A-Za-z0-9]{24}(?![A-Za-z0-9_+/=-])/g)) {
          const s = m[0];
          if (!(/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s)) || shannonEntropy(s) < 3.7 || isPlaceholder(s)) continue;
          out.push({ rule: 'atlassian-api-token-classic', message: 'Atlassian API token (classic format)', start: from + m.index!, end: from + m.index! + 24, secret: s });
        }
      }
    }
    return out;
  },
};

export const vendorDetectors: Detector[] = [
  regexRule({
    id: 'atlassian-api-token',
    description: 'Atlassian API token (ATATT3…), Cloud basic auth for Confluence and Jira',
    message: 'Atlassian API token',
    triggers: ['atatt3', 'atctt3'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>AT[AC]TT3[A-Za-z0-9_=-]{50,400})(?![A-Za-z0-9_=-])/dg,
    accept: realToken,
  }),
  atlassianClassicToken,
  regexRule({
    id: 'aws-access-key-id',
    description: 'AWS access key id (AKIA…, ASIA…); the preset covers the secret access key',
    message: 'AWS access key id',
    triggers: ['akia', 'asia', 'a3t', 'abia', 'acca'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9_])/dg,
    // Key ids are base32 (A-Z, 2-7): about 1 in 28 has no digit at all, so a digit is not required; entropy is.
    accept: (s) => (/[0-9]/.test(s.slice(4)) || shannonEntropy(s.slice(4)) >= 3) && realToken(s),
  }),
  regexRule({
    id: 'google-api-key',
    description: 'Google API key (AIza…)',
    message: 'Google API key',
    triggers: ['aiza'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'google-oauth-secret',
    description: 'Google OAuth client secret (GOCSPX-…) or access token (ya29.…)',
    message: 'Google OAuth client secret or access token',
    triggers: ['gocspx-', 'ya29.'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>GOCSPX-[A-Za-z0-9_-]{28}|ya29\.[A-Za-z0-9_-]{30,2000})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'stripe-secret-key',
    description: 'Stripe secret or restricted key (sk_live_, rk_live_, sk_test_) and webhook secret (whsec_)',
    message: 'Stripe secret key',
    triggers: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247}|whsec_[A-Za-z0-9+/=]{32,100})(?![A-Za-z0-9_])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'twilio-api-key',
    description: 'Twilio API key SID (SK + 32 hex)',
    message: 'Twilio API key',
    triggers: ['sk'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>SK[0-9a-fA-F]{32})(?![A-Za-z0-9_])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'openai-api-key',
    description: 'OpenAI API key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…)',
    message: 'OpenAI API key',
    triggers: ['sk-'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{32,300})(?![A-Za-z0-9_-])/dg,
    accept: (s) => !s.startsWith('sk-ant-') && /[0-9]/.test(s) && /[A-Z]/.test(s) && /[a-z]/.test(s) && realToken(s),
  }),
  regexRule({
    id: 'anthropic-api-key',
    description: 'Anthropic API key (sk-ant-…)',
    message: 'Anthropic API key',
    triggers: ['sk-ant-'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-[a-z]{2,8}\d{0,2}-[A-Za-z0-9_-]{32,200})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'github-token',
    description: 'GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
    message: 'GitHub token',
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,240})(?![A-Za-z0-9_])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'gitlab-token',
    description: 'GitLab token (glpat-, gldt-, glrt-, glptt-, glcbt-, gloas-, glsoat-, glft-, GR1348941…)',
    message: 'GitLab token',
    triggers: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'gloas-', 'glsoat-', 'glft-', 'glimt-', 'gr1348941'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt)-[A-Za-z0-9_.-]{20,100}|GR1348941[A-Za-z0-9_-]{20,60})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'slack-token',
    description: 'Slack token (xoxb-, xoxp-, xapp-, …)',
    message: 'Slack token',
    triggers: ['xox', 'xapp-'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,250})(?![A-Za-z0-9_-])/dg,
    accept: (s) => /\d/.test(s) && realToken(s),
  }),
  regexRule({
    id: 'chat-webhook-url',
    description: 'Slack, Discord, Microsoft Teams and Google Chat incoming webhook URLs',
    message: 'Incoming webhook URL (anyone holding it can post)',
    triggers: ['hooks.slack.com', '/api/webhooks/', 'webhook.office.com', 'chat.googleapis.com'],
    pattern:
      /(?<secret>https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,200}|(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/[A-Za-z0-9_-]{30,100}|[a-z0-9-]{1,60}\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/_-]{30,400}|chat\.googleapis\.com\/v1\/spaces\/[A-Za-z0-9_-]{5,40}\/messages\?[^\s)"'`<>]{0,200}?key=[A-Za-z0-9_-]{20,}[^\s)"'`<>]{0,200}))/dg,
    accept: (s) => !isPlaceholder(s.replace(/^https:\/\/[^/]+\//, '')) && !/\/T0+\/|\/B0+\//.test(s),
  }),
  regexRule({
    id: 'sendgrid-api-key',
    description: 'SendGrid API key (SG.xxx.yyy)',
    message: 'SendGrid API key',
    triggers: ['sg.'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'azure-storage-key',
    description: 'Azure storage account key / shared access key in a connection string (AccountKey=, SharedAccessKey=)',
    message: 'Azure account or shared access key',
    triggers: ['accountkey', 'sharedaccesskey'],
    pattern: /(?:AccountKey|SharedAccessKey)\s*=\s*(?<secret>[A-Za-z0-9+/]{30,100}={0,2})/dgi,
    accept: realToken,
  }),
  regexRule({
    id: 'azure-sas-token',
    description: 'Azure shared access signature (sig= in a SAS URL or token)',
    message: 'Azure shared access signature',
    triggers: ['sig='],
    pattern: /[?&;]sig=(?<secret>[A-Za-z0-9%+/]{30,200}(?:%3D|=){0,2})/dgi,
    accept: (s, m, ctx) => realToken(s) && /[?&;](?:sv|se|sp|sr|spr|st|ss|srt)=/.test(nearbyText(ctx, m.index, 1, 1)),
  }),
  regexRule({
    id: 'azure-ad-client-secret',
    description: 'Microsoft Entra ID (Azure AD) client secret (…Q~…)',
    message: 'Azure AD client secret',
    triggers: ['q~'],
    pattern: /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'jwt',
    description: 'JSON Web Token (eyJ….eyJ….signature)',
    message: 'JSON Web Token',
    triggers: ['eyj'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,2000}\.ey[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{16,2000})(?![A-Za-z0-9_-])/dg,
    accept: (s) => {
      const header = Buffer.from(s.slice(0, s.indexOf('.')), 'base64url').toString('utf8');
      return /"(?:alg|typ|kid)"/.test(header) && !isPlaceholder(s) && !DOCUMENTED_JWT_SIGNATURES.has(s.slice(s.lastIndexOf('.') + 1));
    },
  }),
  regexRule({
    id: 'pypi-token',
    description: 'PyPI upload token (pypi-AgEIcHlwaS5vcmc…)',
    message: 'PyPI API token',
    triggers: ['pypi-ageichlwas5vcmc'],
    pattern: /(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,400})/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'misc-provider-token',
    description: 'Other prefixed tokens: DigitalOcean (dop_v1_), Hugging Face (hf_), age (AGE-SECRET-KEY-1), Doppler (dp.pt.), Postman (PMAK-), New Relic (NRAK-), Mailgun (key-)',
    message: 'Provider access token',
    triggers: ['dop_v1_', 'doo_v1_', 'dor_v1_', 'hf_', 'age-secret-key-1', 'dp.pt.', 'pmak-', 'nrak-', 'key-'],
    pattern:
      /(?<![A-Za-z0-9_-])(?<secret>do[por]_v1_[a-f0-9]{64}|hf_[A-Za-z0-9]{30,40}|AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}|dp\.pt\.[A-Za-z0-9]{40,50}|PMAK-[a-f0-9]{24}-[a-f0-9]{34}|NRAK-[A-Z0-9]{27}|key-[a-f0-9]{32})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'misc-provider-token',
    description: 'More prefixed tokens (gitleaks patterns): Heroku (HRKU-), Square (sq0atp-, sq0csp-), Dynatrace (dt0c01.), HubSpot (pat-na1-), Brevo (xkeysib-), Render (rnd_), PlanetScale (pscale_), Sentry (sntrys_, sntryu_), NuGet (oy2…), Buildkite (bkua_), Terraform Cloud (….atlasv1.…), RubyGems (rubygems_), Pulumi (pul-), Alibaba (LTAI), OpenRouter (sk-or-v1-), Replicate (r8_), xAI (xai-), Perplexity (pplx-), Notion (secret_)',
    message: 'Provider access token',
    triggers: ['hrku-', 'sq0', 'dt0c01.', 'pat-na1-', 'pat-eu1-', 'xkeysib-', 'rnd_', 'pscale_', 'sntrys_', 'sntryu_', 'oy2', 'bkua_', 'atlasv1', 'rubygems_', 'pul-', 'ltai', 'sk-or-v1-', 'r8_', 'xai-', 'pplx-', 'secret_'],
    pattern:
      /(?<![A-Za-z0-9_-])(?<secret>HRKU-[A-Za-z0-9_-]{60}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}|dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}|pat-(?:na|eu)1-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}|xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}|rnd_[A-Za-z0-9]{32}|pscale_(?:tkn|pw|oauth)_[A-Za-z0-9=._-]{32,64}|sntry[su]_[A-Za-z0-9+/=_-]{40,400}|oy2[a-z0-9]{43}|bkua_[a-f0-9]{40}|[a-zA-Z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}|rubygems_[a-f0-9]{48}|pul-[a-f0-9]{40}|LTAI[A-Za-z0-9]{20}|sk-or-v1-[a-f0-9]{64}|r8_[A-Za-z0-9]{37}|xai-[A-Za-z0-9]{80}|pplx-[A-Za-z0-9]{48}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
  regexRule({
    id: 'telegram-bot-token',
    description: 'Telegram bot token (123456789:AA…)',
    message: 'Telegram bot token',
    triggers: [':aa'],
    pattern: /(?<![0-9])(?<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/dg,
    accept: realToken,
  }),
];
