import BoltIcon from '@mui/icons-material/Bolt';
import {
  Alert,
  AlertTitle,
  Box,
  Chip,
  Button,
  CircularProgress,
  InputAdornment,
  Link,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  ListSubheader,
  MenuItem,
  Paper,
  Snackbar,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import ScienceOutlinedIcon from '@mui/icons-material/ScienceOutlined';
import SearchIcon from '@mui/icons-material/Search';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { AREAS, type Area, type FireResult, type TriggerName, type TriggerSummary } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { navigate } from '../App.js';
import { mono } from '../theme.js';
import { AREA_LABEL } from './areas.js';
import { DryRunView } from './DryRunView.js';

interface JsonSchemaObject {
  properties?: Record<string, { type?: string | string[]; description?: string; enum?: unknown[] }>;
  required?: string[];
}

export function Events() {
  const triggers = useQuery({ queryKey: ['catalogue'], queryFn: () => call('catalogue.list', {}), staleTime: Infinity });
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string>('project_sca_analysis_finished');

  const grouped = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = (triggers.data ?? []).filter((t) => !q || t.name.includes(q) || t.title.en.toLowerCase().includes(q) || t.description.en.toLowerCase().includes(q));
    return AREAS.map((area) => ({ area, items: list.filter((t) => t.area === area) })).filter((g) => g.items.length);
  }, [triggers.data, query]);
  const trigger = triggers.data?.find((t) => t.name === selected);
  const setEnabled = useTriggerSwitch();
  const off = (triggers.data ?? []).filter((t) => !t.enabled).length;

  return (
    <Box>
      <Typography variant="h1">Events</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        The event catalogue: every trigger with its payload. Fire an example, or dry-run it to see where it would go and why. Switch a trigger off to stop
        sending its events anywhere: they are still recorded.
      </Typography>
      {triggers.error && <Alert severity="error">Could not load the catalogue: {triggers.error.message}</Alert>}
      {setEnabled.error && (
        <Alert severity="error" onClose={() => setEnabled.reset()} sx={{ mb: 2 }}>
          Could not switch {setEnabled.variables?.trigger}: {setEnabled.error.message}
        </Alert>
      )}
      <ScanCard />
      {triggers.isPending && <CircularProgress aria-label="Loading the catalogue" />}
      {triggers.data && (
        <Stack direction="row" spacing={2} alignItems="flex-start">
          <Paper variant="outlined" sx={{ width: 340, flexShrink: 0, maxHeight: 'calc(100vh - 200px)', overflow: 'auto', position: 'sticky', top: 80 }}>
            <Box sx={{ p: 1.5 }}>
              <TextField
                size="small"
                fullWidth
                label="Search triggers"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
              />
            </Box>
            {off > 0 && (
              <Typography variant="caption" color="warning.main" component="div" sx={{ px: 2, pb: 1 }} data-testid="switched-off-count">
                {off} switched off: recorded, not sent
              </Typography>
            )}
            {grouped.length === 0 && (
              <Typography color="text.secondary" sx={{ px: 2, pb: 2 }}>
                No trigger matches “{query.trim()}”.
              </Typography>
            )}
            <List dense disablePadding aria-label="Triggers" data-testid="trigger-list">
              {grouped.map((g) => (
                <li key={g.area}>
                  <ul style={{ padding: 0 }}>
                    <ListSubheader sx={{ lineHeight: '32px' }}>{AREA_LABEL[g.area]}</ListSubheader>
                    {g.items.map((t) => (
                      <ListItem
                        key={t.name}
                        disablePadding
                        data-enabled={t.enabled}
                        secondaryAction={
                          <Tooltip disableInteractive placement="right" title={t.enabled ? 'On: events are sent where rules and webhooks say' : 'Off: events are recorded, not sent'}>
                            <Switch
                              edge="end"
                              size="small"
                              checked={t.enabled}
                              disabled={setEnabled.isPending && setEnabled.variables?.trigger === t.name}
                              onChange={(e) => setEnabled.mutate({ trigger: t.name, enabled: e.target.checked })}
                              slotProps={{ input: { 'aria-label': `Send ${t.title.en} events` } }}
                            />
                          </Tooltip>
                        }
                      >
                        <ListItemButton selected={t.name === selected} onClick={() => setSelected(t.name)} data-testid={`trigger-${t.name}`}>
                          <ListItemText
                            primary={t.title.en}
                            secondary={t.enabled ? t.name : `${t.name} · switched off`}
                            slotProps={{
                              primary: { sx: t.enabled ? undefined : { color: 'text.secondary', textDecoration: 'line-through' } },
                              secondary: { sx: { ...mono, fontSize: 11, color: t.enabled ? undefined : 'warning.main' } },
                            }}
                          />
                        </ListItemButton>
                      </ListItem>
                    ))}
                  </ul>
                </li>
              ))}
            </List>
          </Paper>
          {trigger && <TriggerDetail key={trigger.name} trigger={trigger} onSwitch={(enabled) => setEnabled.mutate({ trigger: trigger.name, enabled })} />}
        </Stack>
      )}
    </Box>
  );
}

/** Switches a trigger on or off everywhere (seed 001) and updates the catalogue in place. */
function useTriggerSwitch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { trigger: string; enabled: boolean }) => call('triggers.setEnabled', { trigger: v.trigger as TriggerName, enabled: v.enabled }),
    // The switch moves at once; a refusal puts it back (and the error shows above the catalogue).
    onMutate: (v) => set(v.trigger, v.enabled),
    onError: (_e, v) => set(v.trigger, !v.enabled),
    onSuccess: (updated) => queryClient.setQueryData<TriggerSummary[]>(['catalogue'], (list) => list?.map((t) => (t.name === updated.name ? updated : t))),
  });
  function set(trigger: string, enabled: boolean) {
    queryClient.setQueryData<TriggerSummary[]>(['catalogue'], (list) => list?.map((t) => (t.name === trigger ? { ...t, enabled } : t)));
  }
}

/** A whole scan in one click: started, policy alerts, finished — what the scan digest waits for. */
function ScanCard() {
  const [scenario, setScenario] = useState<'project_scan' | 'image_scan'>('project_scan');
  const [subject, setSubject] = useState('payments-api');
  const [policies, setPolicies] = useState(3);
  const [blockerPercent, setBlockerPercent] = useState(33);
  const run = useMutation({ mutationFn: () => call('events.scenario', { scenario, subject: subject.trim() || undefined, policies, blocker_share: blockerPercent / 100 }) });
  const issue = run.error instanceof ApiError ? run.error.details?.issues?.[0] : undefined;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="scan-card">
      <Typography variant="h3" component="h2">
        Run a scan
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Fires what CodeScoring reports for one SCA analysis, in order: analysis started, the policy alerts, analysis finished. Rules with a scan digest send
        their email when it finishes.
      </Typography>
      <Box
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate();
        }}
        sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '160px minmax(200px, 1fr) 130px 130px auto' }, gap: 2, alignItems: 'start' }}
      >
        <TextField select size="small" label="Scan of" value={scenario} onChange={(e) => setScenario(e.target.value as typeof scenario)}>
          <MenuItem value="project_scan">Project</MenuItem>
          <MenuItem value="image_scan">Container image</MenuItem>
        </TextField>
        <TextField
          size="small"
          label={scenario === 'image_scan' ? 'Image' : 'Project'}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          placeholder={scenario === 'image_scan' ? 'registry.example.com/payments:1.4' : 'payments-api'}
          error={issue?.path === 'subject'}
          helperText={issue?.path === 'subject' ? issue.message : 'Rules filter on this name'}
        />
        <TextField
          size="small"
          type="number"
          label="Policy alerts"
          value={policies}
          onChange={(e) => setPolicies(Math.max(0, Math.min(50, Math.trunc(Number(e.target.value)) || 0)))}
          slotProps={{ htmlInput: { min: 0, max: 50 } }}
          error={issue?.path === 'policies'}
          helperText={issue?.path === 'policies' ? issue.message : '0–50'}
        />
        <TextField
          size="small"
          type="number"
          label="Blockers"
          value={blockerPercent}
          onChange={(e) => setBlockerPercent(Math.max(0, Math.min(100, Math.trunc(Number(e.target.value)) || 0)))}
          slotProps={{ htmlInput: { min: 0, max: 100 }, input: { endAdornment: <InputAdornment position="end">%</InputAdornment> } }}
          error={issue?.path === 'blocker_share'}
          helperText={issue?.path === 'blocker_share' ? issue.message : `${Math.round((policies * blockerPercent) / 100)} of ${policies} block`}
        />
        <Button type="submit" variant="contained" startIcon={<BoltIcon />} disabled={run.isPending} sx={{ height: 40 }}>
          Run scan
        </Button>
      </Box>
      {run.data && <ScanResult results={run.data} onClose={() => run.reset()} />}
      {run.error && !issue && (
        <Alert severity="error" sx={{ mt: 1.5 }}>
          Could not run the scan: {run.error.message}
        </Alert>
      )}
    </Paper>
  );
}

/** Where the scan's events went: integrations with how many events each, and the digests holding policy alerts. */
function ScanResult({ results, onClose }: { results: FireResult[]; onClose: () => void }) {
  const routed = new Map<string, number>();
  for (const r of results) for (const t of r.routed_to) routed.set(t.integration_name, (routed.get(t.integration_name) ?? 0) + 1);
  const held = new Map<string, { rules: Set<string>; events: Set<string> }>();
  for (const r of results)
    for (const h of r.held_for_digest) {
      const entry = held.get(h.integration_name) ?? { rules: new Set<string>(), events: new Set<string>() };
      entry.rules.add(h.rule_name);
      entry.events.add(r.event.id);
      held.set(h.integration_name, entry);
    }
  const nothing = routed.size === 0 && held.size === 0;
  const list = (items: string[]) => items.join(', ');
  return (
    <Alert severity={nothing ? 'warning' : 'success'} sx={{ mt: 2 }} data-testid="scan-result" onClose={onClose}>
      <AlertTitle>Fired {plural(results.length, 'event')}</AlertTitle>
      {routed.size > 0 && <div>Routed to {list([...routed].map(([name, n]) => `${name} (${plural(n, 'event')})`))}.</div>}
      {held.size > 0 && (
        <div>
          Policy alerts held for the scan digest of{' '}
          {list([...held].map(([name, h]) => `${name} (${plural(h.events.size, 'alert')}, rule ${[...h.rules].map((r) => `“${r}”`).join(', ')})`))}: sent when the
          analysis finished.
        </div>
      )}
      {nothing && <div>No rule or integration wanted these events. Create a rule for them under Rules.</div>}
      <Link href="#/log">Open the live log</Link>
    </Alert>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function TriggerDetail({ trigger, onSwitch }: { trigger: TriggerSummary; onSwitch: (enabled: boolean) => void }) {
  const example = JSON.stringify(trigger.example, null, 2);
  const [text, setText] = useState(example);
  const [done, setDone] = useState<FireResult | null>(null);
  const schema = trigger.schema as JsonSchemaObject;
  const fields = Object.entries(schema.properties ?? {});

  let syntaxError: string | null = null;
  let payload: unknown = null;
  try {
    payload = JSON.parse(text);
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) syntaxError = 'The payload must be a JSON object: { ... }';
  } catch (e) {
    syntaxError = `Not valid JSON: ${(e as Error).message}`;
  }

  const fire = useMutation({
    mutationFn: () => call('events.fire', { trigger: trigger.name, payload: payload as Record<string, unknown> }),
    onSuccess: setDone,
  });
  const dryRun = useMutation({
    mutationFn: () => call('events.dryRun', { trigger: trigger.name, payload: payload as Record<string, unknown> }),
  });
  const failed = fire.error ?? dryRun.error;
  // The result sits below the payload: bring it into view once it arrives.
  const resultRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (dryRun.data) resultRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [dryRun.data]);
  const issues = failed instanceof ApiError ? (failed.details?.issues ?? []) : [];
  const edit = (next: string) => {
    setText(next);
    // Server issues and a dry run describe the payload that was sent, not the one being typed.
    if (fire.error) fire.reset();
    if (dryRun.data || dryRun.error) dryRun.reset();
  };

  return (
    <Paper variant="outlined" sx={{ flex: 1, p: 2.5, minWidth: 0 }}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography variant="h2" sx={{ flex: 1 }}>
          {trigger.title.en}
        </Typography>
        <Chip size="small" variant="outlined" label={AREA_LABEL[trigger.area as Area] ?? trigger.area} />
        <Tooltip disableInteractive title={trigger.enabled ? 'Switch off to stop sending these events anywhere; they are still recorded' : 'Switch on to send these events again'}>
          <Stack direction="row" alignItems="center">
            <Switch checked={trigger.enabled} onChange={(e) => onSwitch(e.target.checked)} slotProps={{ input: { 'aria-label': `Send ${trigger.title.en} events` } }} />
            <Typography variant="body2" color={trigger.enabled ? 'text.primary' : 'warning.main'} sx={{ minWidth: 24 }}>
              {trigger.enabled ? 'On' : 'Off'}
            </Typography>
          </Stack>
        </Tooltip>
      </Stack>
      <Typography sx={{ ...mono }} color="text.secondary">
        {trigger.name}
      </Typography>
      <Typography sx={{ mt: 1 }}>{trigger.description.en}</Typography>
      <Typography variant="body2" color="text.secondary" lang="ru">
        {trigger.description.ru}
      </Typography>
      {!trigger.enabled && (
        <Alert severity="warning" sx={{ mt: 1.5 }} data-testid="trigger-switched-off">
          Switched off: events of this trigger are recorded in the live log and sent nowhere, whatever the rules and webhooks say.
        </Alert>
      )}

      <Typography variant="h3" component="h3" sx={{ mt: 2, mb: 1 }}>
        Payload schema
      </Typography>
      {fields.length === 0 ? (
        <Typography color="text.secondary">Empty payload.</Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Payload fields">
            <TableHead>
              <TableRow>
                <TableCell>Field</TableCell>
                <TableCell>Type</TableCell>
                <TableCell>Required</TableCell>
                <TableCell>Description</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {fields.map(([name, f]) => (
                <TableRow key={name}>
                  <TableCell sx={mono}>{name}</TableCell>
                  {/* Enums are long ("critical | high | …"): let them wrap at the bars instead of widening the table. */}
                  <TableCell sx={{ ...mono, maxWidth: 200 }}>{f.enum ? f.enum.map(String).join(' | ') : Array.isArray(f.type) ? f.type.join(' | ') : f.type}</TableCell>
                  <TableCell>{schema.required?.includes(name) ? 'yes' : 'no'}</TableCell>
                  <TableCell>{f.description}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}

      <Typography variant="h3" component="h3" sx={{ mt: 2, mb: 1 }}>
        Payload
      </Typography>
      <TextField
        label="Payload (JSON)"
        multiline
        fullWidth
        minRows={6}
        maxRows={18}
        value={text}
        onChange={(e) => edit(e.target.value)}
        error={!!syntaxError || issues.length > 0}
        helperText={syntaxError ?? 'Edit freely: JSON syntax is checked as you type, the schema when you fire.'}
        slotProps={{ input: { sx: mono }, htmlInput: { spellCheck: false, 'data-testid': 'payload-editor' } }}
      />
      {issues.length > 0 && (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="payload-issues">
          <AlertTitle>The payload does not match the schema of {trigger.name}</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path && (
                  <Box component="code" sx={{ ...mono, fontWeight: 600 }}>
                    {i.path.replace(/^payload\.?/, '') || 'payload'}
                  </Box>
                )}
                {i.path && ' — '}
                {i.message}
              </li>
            ))}
          </Box>
        </Alert>
      )}
      {failed && !issues.length && (
        <Alert severity="error" sx={{ mt: 1 }}>
          Could not {fire.error ? 'fire the event' : 'dry-run the event'}: {failed.message}
        </Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <Button data-testid="fire-button" variant="contained" startIcon={<BoltIcon />} disabled={!!syntaxError || fire.isPending} onClick={() => (dryRun.reset(), fire.mutate())}>
          Fire
        </Button>
        <Tooltip disableInteractive title="See which rules and webhooks would take this payload, why or why not, and exactly what they would send. Nothing is stored or sent.">
          <span>
            <Button data-testid="dry-run-button" variant="outlined" startIcon={<ScienceOutlinedIcon />} disabled={!!syntaxError || dryRun.isPending} onClick={() => (fire.reset(), dryRun.mutate())}>
              Dry run
            </Button>
          </span>
        </Tooltip>
        <Button onClick={() => edit(example)} disabled={text === example}>
          Reset to example
        </Button>
      </Stack>
      {dryRun.isPending && <CircularProgress size={24} sx={{ mt: 2 }} aria-label="Running the dry run" />}
      {dryRun.data && (
        <Paper variant="outlined" sx={{ mt: 2, p: 2 }} component="section" aria-label="Dry run result" ref={resultRef}>
          <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
            <Typography variant="h3" component="h3" sx={{ flex: 1 }}>
              Dry run
            </Typography>
            <Button size="small" onClick={() => dryRun.reset()}>
              Close
            </Button>
          </Stack>
          <DryRunView result={dryRun.data} />
        </Paper>
      )}

      <Snackbar open={!!done} autoHideDuration={8000} onClose={() => setDone(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
        {done ? (
          done.switched_off ? (
            <Alert severity="warning" onClose={() => setDone(null)} variant="filled" data-testid="fire-switched-off">
              Switched off: the event was recorded, not sent. {trigger.title.en} is off in the catalogue.{' '}
              <Link color="inherit" href="#/log">
                See it in the live log
              </Link>
            </Alert>
          ) : done.routed_to.length ? (
            <Alert severity="success" onClose={() => setDone(null)} variant="filled">
              Event fired → routed to {done.routed_to.length} integration{done.routed_to.length === 1 ? '' : 's'}: {done.routed_to.map((r) => r.integration_name).join(', ')}.{' '}
              <Link color="inherit" href="#/log">
                Watch the live log
              </Link>
            </Alert>
          ) : (
            <Alert severity="warning" onClose={() => setDone(null)} variant="filled">
              Event fired, but no active integration subscribes to this trigger.{' '}
              <Link component="button" color="inherit" onClick={() => navigate('integrations')}>
                Open Integrations
              </Link>
            </Alert>
          )
        ) : (
          <span />
        )}
      </Snackbar>
    </Paper>
  );
}
