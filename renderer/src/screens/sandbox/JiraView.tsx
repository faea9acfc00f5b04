import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Accordion, AccordionDetails, AccordionSummary, Box, Button, Chip, Paper, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { CapturedJiraIssue } from '../../../../main/contract/index.js';
import { formatTime } from '../../format.js';
import { mono } from '../../theme.js';
import { Adf } from './adf.js';
import { CodeBlock, CopyButton, Field, Fields, InjectedChip } from './shared.js';

/** A description or comment body: ADF as rendered nodes, wiki markup as sent, anything else as JSON. */
function Body({ value, format, label }: { value: unknown; format: 'wiki' | 'adf' | null; label: string }) {
  const { t } = useTranslation('sandbox');
  if (value === undefined || value === null || value === '') return <Typography color="text.secondary">{t('jira.noDescription')}</Typography>;
  if (typeof value === 'string') return <CodeBlock label={label}>{value}</CodeBlock>;
  if (format !== 'wiki' && typeof value === 'object' && (value as { type?: unknown }).type === 'doc')
    return (
      <Box sx={{ '& > div > p:first-of-type': { mt: 0 } }} data-testid="adf">
        <Adf doc={value} />
      </Box>
    );
  return <CodeBlock label={label}>{JSON.stringify(value, null, 2)}</CodeBlock>;
}

export function JiraView({ capture }: { capture: CapturedJiraIssue }) {
  const { t } = useTranslation('sandbox');
  const priority = (capture.fields.priority as { name?: string } | undefined)?.name;
  const fieldsJson = JSON.stringify(capture.fields, null, 2);
  const formatLabel = capture.description_format === 'adf' ? t('jira.formatAdf') : capture.description_format === 'wiki' ? t('jira.formatWiki') : null;
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="flex-start">
        <Typography variant="h2" sx={{ flex: 1, wordBreak: 'break-word' }}>
          <Box component="span" sx={{ ...mono, fontSize: 'inherit', fontWeight: 700, mr: 1 }} data-testid="issue-key">
            {capture.key}
          </Box>
          {capture.summary}
        </Typography>
        <InjectedChip injected={capture.injected} />
      </Stack>
      <Fields>
        <Field label={t('jira.project')}>{capture.project}</Field>
        <Field label={t('jira.issueType')}>{capture.issue_type}</Field>
        <Field label={t('jira.priority')}>{priority ?? t('jira.noPriority')}</Field>
        <Field label={t('jira.labels')}>
          {capture.labels.length ? (
            <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" component="span">
              {capture.labels.map((l) => (
                <Chip key={l} size="small" variant="outlined" label={l} sx={mono} component="span" />
              ))}
            </Stack>
          ) : (
            '—'
          )}
        </Field>
        <Field label={t('jira.created')}>{formatTime(capture.at)}</Field>
      </Fields>
      {capture.browse_url && (
        <Box>
          <Button variant="outlined" size="small" endIcon={<OpenInNewIcon />} href={capture.browse_url} target="_blank" rel="noreferrer">
            {t('jira.openInSimulator')}
          </Button>
        </Box>
      )}
      <Box>
        <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
          {t('jira.description')}
          {formatLabel && (
            <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
              {formatLabel}
            </Typography>
          )}
        </Typography>
        <Paper variant="outlined" sx={{ p: 1.5 }} data-testid="issue-description">
          <Body value={capture.fields.description} format={capture.description_format} label={t('jira.description')} />
        </Paper>
      </Box>
      <Box>
        <Typography variant="h3" component="h3" sx={{ mb: 1 }}>
          {t('jira.comments', { n: capture.comments.length })}
        </Typography>
        {capture.comments.length === 0 ? (
          <Typography color="text.secondary">{t('jira.noComments')}</Typography>
        ) : (
          <Stack spacing={1} component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {capture.comments.map((c) => (
              <Paper component="li" variant="outlined" key={c.id} sx={{ p: 1.5 }} data-testid="issue-comment">
                <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 0.5 }}>
                  {t('jira.commentAt', { time: formatTime(c.created) })}
                </Typography>
                <Body value={c.body} format={typeof c.body === 'string' ? 'wiki' : 'adf'} label={t('jira.comment')} />
              </Paper>
            ))}
          </Stack>
        )}
      </Box>
      <Accordion variant="outlined" disableGutters slotProps={{ transition: { unmountOnExit: true } }}>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            {t('jira.allFields')}
          </Typography>
        </AccordionSummary>
        <AccordionDetails>
          <Stack direction="row" justifyContent="flex-end" sx={{ mb: 1 }}>
            <CopyButton text={fieldsJson} label={t('jira.copyFields')} />
          </Stack>
          <CodeBlock label={t('jira.allFields')}>{fieldsJson}</CodeBlock>
        </AccordionDetails>
      </Accordion>
    </Stack>
  );
}
