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
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { AREAS, type Area, type FireResult, type TriggerSummary } from '../../../main/contract/index.js';
import { ApiError, call } from '../api.js';
import { navigate } from '../App.js';
import { mono } from '../theme.js';
import { AREA_LABEL } from './areas.js';

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

  return (
    <Box>
      <Typography variant="h1">Events</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        The event catalogue: every trigger with its payload. Fire an example to see where it goes.
      </Typography>
      {triggers.error && <Alert severity="error">Could not load the catalogue: {triggers.error.message}</Alert>}
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
                      <ListItem key={t.name} disablePadding>
                        <ListItemButton selected={t.name === selected} onClick={() => setSelected(t.name)} data-testid={`trigger-${t.name}`}>
                          <ListItemText primary={t.title.en} secondary={t.name} slotProps={{ secondary: { sx: { ...mono, fontSize: 11 } } }} />
                        </ListItemButton>
                      </ListItem>
                    ))}
                  </ul>
                </li>
              ))}
            </List>
          </Paper>
          {trigger && <TriggerDetail key={trigger.name} trigger={trigger} />}
        </Stack>
      )}
    </Box>
  );
}

/** A whole scan in one click: started, policy alerts, finished — what the scan digest waits for. */
function ScanCard() {
  const [scenario, setScenario] = useState<'project_scan' | 'image_scan'>('project_scan');
  const [subject, setSubject] = useState('payments-api');
  const [policies, setPolicies] = useState(3);
  const run = useMutation({ mutationFn: () => call('events.scenario', { scenario, subject: subject.trim() || undefined, policies }) });
  const routed = new Set(run.data?.flatMap((r) => r.routed_to.map((t) => t.integration_name)));
  const held = new Set(run.data?.flatMap((r) => r.held_for_digest.map((t) => t.integration_name)));
  const issue = run.error instanceof ApiError ? run.error.details?.issues?.[0] : undefined;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="scan-card">
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} alignItems={{ md: 'flex-start' }}>
        <Box sx={{ minWidth: 220 }}>
          <Typography variant="h3" component="h2">
            Run a scan
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Fires analysis started, the policy alerts, then analysis finished, in order.
          </Typography>
        </Box>
        <TextField select size="small" label="Scan of" value={scenario} onChange={(e) => setScenario(e.target.value as typeof scenario)} sx={{ minWidth: 170 }}>
          <MenuItem value="project_scan">Project</MenuItem>
          <MenuItem value="image_scan">Container image</MenuItem>
        </TextField>
        <TextField
          size="small"
          label={scenario === 'image_scan' ? 'Image' : 'Project'}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          error={issue?.path === 'subject'}
          helperText={issue?.path === 'subject' ? issue.message : ' '}
          sx={{ flex: 1 }}
        />
        <TextField
          size="small"
          type="number"
          label="Policy alerts"
          value={policies}
          onChange={(e) => setPolicies(Math.max(0, Math.min(50, Number(e.target.value) || 0)))}
          slotProps={{ htmlInput: { min: 0, max: 50 } }}
          helperText="0–50"
          sx={{ width: 120 }}
        />
        <Button variant="contained" startIcon={<BoltIcon />} onClick={() => run.mutate()} disabled={run.isPending}>
          Run scan
        </Button>
      </Stack>
      {run.data && (
        <Alert severity="success" sx={{ mt: 1.5 }} data-testid="scan-result" onClose={() => run.reset()}>
          Fired {run.data.length} events.{' '}
          {routed.size ? `Routed to ${[...routed].join(', ')}.` : 'No integration received them directly.'}{' '}
          {held.size ? `Policy alerts held for the scan digest of ${[...held].join(', ')}, sent when the analysis finished.` : ''}{' '}
          <Link href="#/log">Open the live log</Link>
        </Alert>
      )}
      {run.error && !issue && <Alert severity="error" sx={{ mt: 1.5 }}>{run.error.message}</Alert>}
    </Paper>
  );
}

function TriggerDetail({ trigger }: { trigger: TriggerSummary }) {
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
  const issues = fire.error instanceof ApiError ? (fire.error.details?.issues ?? []) : [];
  const edit = (next: string) => {
    setText(next);
    // Server issues describe the payload that was fired, not the one being typed.
    if (fire.error) fire.reset();
  };

  return (
    <Paper variant="outlined" sx={{ flex: 1, p: 2.5, minWidth: 0 }}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography variant="h2" sx={{ flex: 1 }}>
          {trigger.title.en}
        </Typography>
        <Chip size="small" variant="outlined" label={AREA_LABEL[trigger.area as Area] ?? trigger.area} />
      </Stack>
      <Typography sx={{ ...mono }} color="text.secondary">
        {trigger.name}
      </Typography>
      <Typography sx={{ mt: 1 }}>{trigger.description.en}</Typography>
      <Typography variant="body2" color="text.secondary" lang="ru">
        {trigger.description.ru}
      </Typography>

      <Typography variant="h3" component="h3" sx={{ mt: 2, mb: 1 }}>
        Payload schema
      </Typography>
      {fields.length === 0 ? (
        <Typography color="text.secondary">Empty payload.</Typography>
      ) : (
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
                <TableCell sx={mono}>{f.enum ? f.enum.map(String).join(' | ') : Array.isArray(f.type) ? f.type.join(' | ') : f.type}</TableCell>
                <TableCell>{schema.required?.includes(name) ? 'yes' : 'no'}</TableCell>
                <TableCell>{f.description}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
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
      {fire.error && !issues.length && (
        <Alert severity="error" sx={{ mt: 1 }}>
          Could not fire the event: {fire.error.message}
        </Alert>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <Button data-testid="fire-button" variant="contained" startIcon={<BoltIcon />} disabled={!!syntaxError || fire.isPending} onClick={() => fire.mutate()}>
          Fire
        </Button>
        <Button onClick={() => edit(example)} disabled={text === example}>
          Reset to example
        </Button>
      </Stack>

      <Snackbar open={!!done} autoHideDuration={8000} onClose={() => setDone(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
        {done ? (
          done.routed_to.length ? (
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
