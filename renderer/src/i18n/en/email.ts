/** English texts of the "email" namespace. Keys are grouped by where they appear. */
export default {
  /** The email (SMTP) integration dialog. */
  form: {
    titleAdd: 'Add email (SMTP)',
    titleEdit: 'Edit {{name}}',
    tabs: {
      settings: 'Settings',
      templates: 'Templates',
      templatesWithErrors: 'Templates (errors)',
    },
    templatesBroken: 'A template has errors; saving is blocked until they are fixed.',
    couldNotSave: 'Could not save: {{problem}}',
    fixTemplatesToSave: 'Fix the template errors to save.',
    previewAside: 'Template preview',
    previewFromName: 'Sender name',
    previewFromAddress: 'from address',
  },
  /** Values a new server starts with. */
  defaults: {
    fromName: 'Herald security alerts',
    testSubject: 'Herald test email',
    testBody: 'This is a test email from Herald. If you can read it, alerts will reach you.',
  },
  fields: {
    name: {
      label: 'Name',
      help: 'How this server appears in Herald and in rules, e.g. "Corporate SMTP"',
    },
    host: {
      label: 'Server',
      help: 'DNS name or IP address, e.g. smtp.example.com',
    },
    security: {
      label: 'Encryption',
      help: 'How the connection is protected',
      usualPort: '{{mode}} usually uses port {{port}}.',
      usePort: 'Use {{port}}',
      plainSmtp: 'plain SMTP',
      optionStarttls: 'STARTTLS · port 587',
      optionTls: 'SSL/TLS (implicit) · port 465',
      optionNone: 'None (plain) · port 25',
    },
    port: {
      label: 'Port',
    },
    requireTls: {
      label: 'Require TLS',
      on: 'If the server does not offer STARTTLS (or someone strips it), the send fails instead of going out in clear.',
      off: 'If the server does not offer STARTTLS, mail and the password are sent in clear.',
    },
    plainWarning: 'Plain SMTP: messages and the password cross the network unencrypted. Use it only on a trusted internal relay.',
    auth: {
      label: 'SMTP authentication',
      on: 'Herald signs in (AUTH PLAIN or LOGIN) before sending.',
      off: 'Off: for relays that accept mail from this machine without a login.',
    },
    username: {
      label: 'Login',
      help: 'Usually the mailbox address',
    },
    password: {
      label: 'Password',
      stored: '{{masked}} (stored)',
      removed: 'The stored password is removed when you save.',
      keepStored: 'Write-only: leave empty to keep the stored password.',
      writeOnly: 'Write-only: stored encrypted, never shown again. Gmail, Microsoft 365 and Yandex need an app password.',
      show: 'Show the typed password',
      hide: 'Hide the typed password',
      remove: 'Remove the stored password',
    },
    fromAddress: {
      label: 'From address',
      help: 'The system address alerts come from',
    },
    fromName: {
      label: 'Sender name',
      help: 'Shown as the sender, e.g. "Security alerts"',
    },
    replyTo: {
      label: 'Reply-To',
      help: 'The support address replies go to, e.g. the SOC mailbox',
    },
    signature: {
      label: 'Signature',
      help: 'Appended to every email, HTML and text',
    },
    active: {
      label: 'Active',
      on: 'Sends what rules route to it. Switch off to pause it: an inactive server sends nothing.',
      off: 'Inactive: this server sends nothing, and events rules route to it are not queued, until you switch it on. Check connection and Send test email still work.',
    },
    caPem: {
      label: 'Custom CA certificate (PEM)',
      help: 'For internal servers signed by your own CA: paste -----BEGIN CERTIFICATE----- …',
    },
    allowSelfSigned: {
      label: 'Allow self-signed certificates',
      warning: 'Any certificate is accepted, so anyone in the middle could read the mail and the password. Prefer the custom CA above.',
    },
    connectionTimeout: 'Connection timeout (ms)',
    greetingTimeout: 'Greeting timeout (ms)',
  },
  sections: {
    server: 'Server',
    authentication: 'Authentication',
    sender: 'Sender',
    senderDescription: 'All three are required: they are what recipients see and where their replies go.',
    signature: 'Signature',
    status: 'Status',
    advanced: 'Advanced',
    advancedSummary: 'Certificates and timeouts',
    advancedSelfSigned: ' · self-signed certificates allowed',
  },
  /** The "Test it" panel beside the settings. */
  test: {
    title: 'Test it',
    intro:
      'Uses the values on the left, saved or not. <strong>Check connection</strong> walks DNS, TCP, greeting, TLS, EHLO and login and sends nothing. <strong>Send test email</strong> also sends the message below.',
    checkConnection: 'Check connection',
    testEmail: 'Test email',
    recipient: 'Recipient',
    subject: 'Subject',
    body: 'Body',
    send: 'Send test email',
    fixFirst: 'Fix the highlighted values first: {{issues}}',
    running: 'Connecting: DNS, TCP, greeting, TLS, EHLO, AUTH…',
  },
  /** Template editors and the live preview. */
  templates: {
    intro:
      "Subject, HTML and text are <docs>Liquid</docs> templates, checked as you type and again when you save. An empty part uses Herald's default, shown greyed out. Values are HTML-escaped, the subject is kept to one line, and the signature is appended.",
    kinds: {
      event: 'Per-event email',
      digest: 'Scan digest',
    },
    whichEmail: 'Which email',
    kindWithErrors: '{{kind}} (has errors)',
    eventDescription: 'Sent for each event a rule routes here with the format "One email per event".',
    digestDescription:
      'Sent once when a project\u2019s or image\u2019s SCA analysis finishes, listing every policy that triggered during it (format "Scan digest").',
    parts: {
      subject: 'Subject',
      html: 'HTML',
      text: 'Text',
    },
    custom: 'Custom template',
    emptyUsesDefault: 'Empty: Herald\u2019s default (shown greyed out) is used',
    editDefaultTooltip: "Copy Herald's default into the editor to change it",
    editDefault: 'Edit the default',
    resetLabel: 'Reset {{part}} to default',
    reset: 'Reset to default',
    defaultsFailed: 'Could not load the default templates: {{message}}',
    variables: 'Variables',
    variablesHint: 'Click one to insert it where the cursor was.',
    insert: 'Insert {{name}}',
  },
  preview: {
    /** The integration's name in the preview while the Name field is empty. */
    unnamedIntegration: 'This integration',
    title: 'Preview · {{kind}}',
    rendering: 'Rendering the preview',
    renderingShort: 'Rendering…',
    exampleEvent: 'Example event',
    exampleEventHelp: "Rendered with this trigger's example payload from the catalogue",
    digestSample: 'A sample scan of the project <strong>payments-api</strong>: three policies triggered, one of them a blocker, one without a CVE.',
    errors_one: 'The template has an error, shown under the field. Below is the last version that rendered.',
    errors_other: 'The template has {{count}} errors, shown under the field. Below is the last version that rendered.',
    unavailable: 'The preview is unavailable: {{message}}',
    from: 'From',
    subject: 'Subject',
    html: 'HTML',
    text: 'Text',
    htmlPart: 'HTML part',
    textPart: 'Text part',
  },
  /** A rule's email action: recipients and format. */
  action: {
    recipients: 'Recipients',
    recipientsHelp: 'Type or paste addresses; Enter, comma or space adds one. Each recipient is tracked: a retry never re-sends to whoever already accepted.',
    notAnAddress: 'Not an e-mail address',
    format: 'Format',
    formats: {
      perEvent: {
        title: 'One email per event',
        description: 'Every event this rule matches is emailed on its own, HTML and text, from the integration\u2019s per-event template.',
      },
      digest: {
        title: 'Scan digest: one email when the SCA analysis finishes, listing triggered policies',
        description:
          'Policy alerts are held until the project\u2019s or image\u2019s analysis finishes, then go out together: policy name, blocker, dependency, vulnerability. No policy triggered, no email. Other events of this rule are still emailed one by one.',
      },
    },
    digestNeedsPolicyTriggers:
      'The digest lists policy alerts: add "SCA Policy has been triggered" or "OSA Policy has been triggered" to the events, or nothing will be held.',
  },
  /** Microsoft 365 (seed 001's OAuth2 fields): Graph API, or SMTP with XOAUTH2. */
  m365: {
    transport: {
      label: 'Send through',
      smtp: 'SMTP server',
      graph: 'Microsoft 365 (Graph API)',
      smtpHelp: 'Any SMTP server or relay: Herald connects, signs in and hands over each message.',
      graphHelp: 'No SMTP: Herald signs in to Entra ID as an app and posts each message to Microsoft Graph (sendMail) as the From mailbox.',
    },
    authMethod: {
      label: 'Sign in with',
      password: 'Login and password',
      oauth2: 'OAuth2 (XOAUTH2)',
      oauth2Help: 'For Microsoft 365 (smtp.office365.com, port 587, STARTTLS): Herald gets a token from Entra ID and signs in with AUTH XOAUTH2. The app needs the SMTP.SendAsApp permission.',
    },
    authOn: 'Herald signs in before sending.',
    mailbox: {
      label: 'Mailbox',
      help: 'The mailbox Herald signs in as, e.g. alerts@contoso.com',
    },
    section: 'Microsoft 365 app registration',
    sectionDescription: 'From the app registration in Entra ID: Overview gives both IDs, Certificates & secrets gives the secret.',
    graphPermission: 'The app needs the Mail.Send application permission (Microsoft Graph) with admin consent.',
    tenantId: {
      label: 'Directory (tenant) ID',
      help: 'A GUID, or a domain such as contoso.onmicrosoft.com',
    },
    clientId: {
      label: 'Application (client) ID',
      help: 'A GUID such as 6731de76-14a6-49ae-97bc-6eba6914391e',
    },
    clientSecret: {
      label: 'Client secret',
      stored: '{{masked}} (stored)',
      removed: 'The stored client secret is removed when you save.',
      keepStored: 'Write-only: leave empty to keep the stored client secret.',
      writeOnly: 'The secret\u2019s Value (not its Secret ID). Stored encrypted, never shown again.',
      show: 'Show the typed client secret',
      hide: 'Hide the typed client secret',
      remove: 'Remove the stored client secret',
    },
    fromAddressHelp: 'The mailbox Herald sends as: Graph posts to /users/<this address>/sendMail',
    loginBase: {
      label: 'Sign-in endpoint',
      help: 'Microsoft identity platform; change it only for a national cloud or a test double',
    },
    graphBase: {
      label: 'Graph endpoint',
      help: 'Microsoft Graph v1.0; change it only for a national cloud or a test double',
    },
    advancedSummary: 'Endpoints and timeouts',
    testIntro:
      'Uses the values on the left, saved or not. <strong>Check sign-in</strong> gets a token from Entra ID, reads its permissions and looks the mailbox up; it sends nothing. <strong>Send test email</strong> also sends the message below through Graph.',
    check: 'Check sign-in',
    running: 'Signing in to Entra ID, checking the permission and the mailbox\u2026',
  },
} as const;
