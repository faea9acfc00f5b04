import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { CapturedJiraRequest, CapturedRequest } from '../../../../main/contract/index.js';
import { formatTime } from '../../format.js';
import { currentLocale } from '../../i18n/index.js';
import { mono } from '../../theme.js';
import { CodeBlock, CopyButton, Field, Fields, formatBytes, HeadersTable, InjectedChip, StatusChip } from './shared.js';

function RequestLine({ method, path, query }: { method: string; path: string; query: string }) {
  return (
    <Typography variant="h2" sx={{ ...mono, fontSize: '1rem', fontWeight: 600, flex: 1, wordBreak: 'break-all' }} data-testid="request-line">
      <Chip size="small" label={method} sx={{ mr: 1, fontWeight: 700, fontFamily: 'inherit' }} />
      {path}
      {query && (
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {query}
        </Box>
      )}
    </Typography>
  );
}

/** A webhook request as the bin received it: the token header's value arrives masked from the engine. */
export function RequestView({ capture }: { capture: CapturedRequest }) {
  const { t } = useTranslation('sandbox');
  const query = capture.query.length ? `?${new URLSearchParams(capture.query).toString()}` : '';
  const body = capture.json !== undefined ? JSON.stringify(capture.json, null, 2) : capture.body;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <RequestLine method={capture.method} path={capture.path} query={query} />
        <StatusChip status={capture.status} kind="http" />
        <InjectedChip injected={capture.injected} />
      </Stack>
      <Fields>
        <Field label={t('request.received')}>{formatTime(capture.at)}</Field>
        <Field label={t('request.answered')}>{capture.status === null ? t('request.noAnswer') : String(capture.status)}</Field>
        <Field label={t('request.size')}>{formatBytes(capture.size, currentLocale())}</Field>
        <Field label={t('request.token')}>{capture.token_header ? t('request.tokenIn', { header: capture.token_header }) : t('request.noToken')}</Field>
      </Fields>
      <Box>
        <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
          {t('request.headers', { n: capture.headers.length })}
        </Typography>
        <HeadersTable
          label={t('request.headersLabel')}
          rows={capture.headers}
          highlight={capture.token_header ? { name: capture.token_header, chip: t('request.tokenChip'), hint: t('request.tokenHint') } : null}
        />
      </Box>
      <Box>
        <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
          <Typography variant="h3" component="h3" sx={{ flex: 1 }}>
            {capture.json !== undefined ? t('request.bodyJson') : t('request.body')}
          </Typography>
          {capture.body && <CopyButton text={body} label={t('request.copyBody')} />}
        </Stack>
        {capture.truncated && (
          <Alert severity="warning" sx={{ mb: 1 }}>
            {t('request.truncated', { size: formatBytes(capture.size, currentLocale()) })}
          </Alert>
        )}
        {capture.body ? (
          <CodeBlock label={t('request.bodyLabel')} testId="request-body">
            {body}
          </CodeBlock>
        ) : (
          <Typography color="text.secondary">{t('request.emptyBody')}</Typography>
        )}
      </Box>
    </Stack>
  );
}

/** One request the Jira simulator answered (searches, creations, comments). */
export function JiraRequestView({ capture }: { capture: CapturedJiraRequest }) {
  const { t } = useTranslation('sandbox');
  const entries = Object.entries(capture.query);
  const query = entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
  const body = capture.body === null || capture.body === undefined || capture.body === '' ? '' : typeof capture.body === 'string' ? capture.body : JSON.stringify(capture.body, null, 2);
  const auth = capture.auth
    ? capture.auth.user
      ? t('jiraRequest.authUser', { scheme: t(`jiraRequest.scheme.${capture.auth.scheme}`), user: capture.auth.user })
      : t(`jiraRequest.scheme.${capture.auth.scheme}`)
    : t('jiraRequest.noAuth');
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <RequestLine method={capture.method} path={capture.path} query={query} />
        <StatusChip status={capture.status} kind="http" />
        <InjectedChip injected={capture.injected} />
      </Stack>
      <Fields>
        <Field label={t('request.received')}>{formatTime(capture.at)}</Field>
        <Field label={t('request.answered')}>{capture.status === null ? t('request.noAnswer') : String(capture.status)}</Field>
        <Field label={t('jiraRequest.auth')}>{auth}</Field>
        {capture.issue_key && <Field label={t('jiraRequest.issue')}>{capture.issue_key}</Field>}
      </Fields>
      <Box>
        <Stack direction="row" alignItems="center" spacing={1} sx={{ mb: 1 }}>
          <Typography variant="h3" component="h3" sx={{ flex: 1 }}>
            {t('request.body')}
          </Typography>
          {body && <CopyButton text={body} label={t('request.copyBody')} />}
        </Stack>
        {body ? (
          <CodeBlock label={t('request.bodyLabel')} testId="request-body">
            {body}
          </CodeBlock>
        ) : (
          <Typography color="text.secondary">{t('request.emptyBody')}</Typography>
        )}
      </Box>
    </Stack>
  );
}
