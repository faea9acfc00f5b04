import { Alert, Autocomplete, Box, Button, CircularProgress, Paper, Stack, Tab, Tabs, TextField, ToggleButton, ToggleButtonGroup, Tooltip, Typography } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, useWatch, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { catalogue, type EmailInputSchema, type EmailTemplateKind } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { useDebounced } from '../useDebounced.js';
import { mono } from '../theme.js';

type FormValues = z.input<typeof EmailInputSchema>;
type Part = 'subject' | 'html' | 'text';
const PARTS: { part: Part; label: string; rows: number }[] = [
  { part: 'subject', label: 'Subject template', rows: 1 },
  { part: 'html', label: 'HTML template', rows: 10 },
  { part: 'text', label: 'Plain-text template', rows: 6 },
];
const TRIGGERS = catalogue.filter((t) => t.name !== 'test');


/**
 * LiquidJS templates for the email integration, with a live preview rendered by the engine
 * itself, so what the preview shows is exactly what is sent.
 */
export function EmailTemplatesEditor({ form }: { form: UseFormReturn<FormValues> }) {
  const { control, register, setValue, formState } = form;
  const [kind, setKind] = useState<EmailTemplateKind>('digest');
  const [trigger, setTrigger] = useState('sca_policy_has_been_triggered');
  const [view, setView] = useState<'html' | 'text'>('html');
  const defaults = useQuery({ queryKey: ['templates.defaults'], queryFn: () => call('templates.defaults', {}), staleTime: Infinity });
  const [template, name, signature] = useWatch({ control, name: [`settings.templates.${kind}`, 'name', 'settings.signature'] });
  const input = useDebounced({ kind, trigger, template: { subject: template?.subject ?? '', html: template?.html ?? '', text: template?.text ?? '' }, name, signature }, 300);
  const preview = useQuery({
    queryKey: ['templates.preview', input],
    queryFn: () =>
      call('templates.preview', { kind: input.kind, trigger: input.trigger as never, template: input.template, integration_name: input.name || 'This integration', signature: input.signature ?? '' }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const previewIssues = preview.error instanceof ApiError ? (preview.error.details?.issues ?? []) : [];
  const issueFor = (part: Part) =>
    previewIssues.find((i) => i.path === `template.${part}`)?.message ?? (get(formState.errors, `settings.templates.${kind}.${part}`) as { message?: string } | undefined)?.message;

  return (
    <Stack spacing={2} data-testid="templates-editor">
      <Typography variant="body2" color="text.secondary">
        Subject, HTML and text are <a href="https://liquidjs.com/tutorials/intro-to-liquid.html" target="_blank" rel="noreferrer">Liquid</a> templates. Leave a part empty to use Herald&apos;s default. The signature is always appended; HTML output is escaped.
      </Typography>
      <ToggleButtonGroup exclusive size="small" value={kind} onChange={(_e, next: EmailTemplateKind | null) => next && setKind(next)} aria-label="Which email">
        <ToggleButton value="digest">Scan digest</ToggleButton>
        <ToggleButton value="event">Per-event email</ToggleButton>
      </ToggleButtonGroup>
      {PARTS.map(({ part, label, rows }) => {
        const error = issueFor(part);
        const value = template?.[part] ?? '';
        return (
          <Box key={`${kind}.${part}`}>
            <TextField
              label={label}
              fullWidth
              multiline={rows > 1}
              minRows={rows}
              maxRows={rows > 1 ? 20 : undefined}
              {...register(`settings.templates.${kind}.${part}`)}
              placeholder={rows > 1 ? 'Empty: Herald\u2019s default' : (defaults.data?.templates[kind].subject ?? '')}
              slotProps={{ htmlInput: { spellCheck: false, style: { ...mono, fontSize: 13 } }, inputLabel: { shrink: true } }}
              error={!!error}
              helperText={error ?? (value.trim() ? ' ' : 'Using Herald\u2019s default')}
            />
            <Stack direction="row" spacing={1}>
              <Button size="small" disabled={!defaults.data} onClick={() => setValue(`settings.templates.${kind}.${part}`, defaults.data!.templates[kind][part], { shouldDirty: true })}>
                Start from the default
              </Button>
              <Button size="small" disabled={!value} onClick={() => setValue(`settings.templates.${kind}.${part}`, '', { shouldDirty: true })}>
                Reset to default
              </Button>
            </Stack>
          </Box>
        );
      })}
      {defaults.data && (
        <Box>
          <Typography variant="subtitle2">Variables</Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {defaults.data.variables[kind].map((v) => (
              <Typography component="li" variant="body2" key={v.name}>
                <Box component="code" sx={{ ...mono, fontSize: 12 }}>{`{{ ${v.name} }}`}</Box> — {v.description}
              </Typography>
            ))}
          </Box>
        </Box>
      )}
      <Paper variant="outlined" sx={{ p: 2 }} data-testid="template-preview">
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
          <Typography variant="h3" component="h3" sx={{ flex: 1 }}>
            Preview {preview.isFetching && <CircularProgress size={14} sx={{ ml: 1 }} aria-label="Rendering" />}
          </Typography>
          {kind === 'event' ? (
            <Autocomplete
              size="small"
              sx={{ width: 320 }}
              options={TRIGGERS.map((t) => t.name)}
              getOptionLabel={(n) => TRIGGERS.find((t) => t.name === n)?.title.en ?? n}
              value={trigger}
              disableClearable
              onChange={(_e, next) => setTrigger(next)}
              renderInput={(params) => <TextField {...params} label="Example event" />}
            />
          ) : (
            <Tooltip title="A project scan with three policies: one blocker, one without a CVE">
              <Typography variant="caption" color="text.secondary">
                Sample scan of payments-api
              </Typography>
            </Tooltip>
          )}
        </Stack>
        {previewIssues.length > 0 && <Alert severity="error">The template has errors; see the fields above. The preview shows the last version that rendered.</Alert>}
        {preview.data && (
          <>
            <Typography variant="body2" sx={{ mb: 1 }} data-testid="preview-subject">
              <strong>Subject:</strong> {preview.data.subject}
            </Typography>
            <Tabs value={view} onChange={(_e, next: 'html' | 'text') => setView(next)} sx={{ minHeight: 36 }}>
              <Tab value="html" label="HTML" sx={{ minHeight: 36 }} />
              <Tab value="text" label="Plain text" sx={{ minHeight: 36 }} />
            </Tabs>
            {view === 'html' ? (
              // An empty sandbox: no scripts, no navigation, no same-origin access to Herald.
              <Box component="iframe" title="HTML preview" sandbox="" srcDoc={preview.data.html} sx={{ width: '100%', height: 420, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: '#fff' }} />
            ) : (
              <Box component="pre" sx={{ ...mono, fontSize: 12, whiteSpace: 'pre-wrap', m: 0, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, maxHeight: 420, overflow: 'auto' }}>
                {preview.data.text}
              </Box>
            )}
          </>
        )}
      </Paper>
    </Stack>
  );
}
