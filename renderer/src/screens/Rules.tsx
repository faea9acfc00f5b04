import AddIcon from '@mui/icons-material/Add';
import AltRouteIcon from '@mui/icons-material/AltRoute';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import AssignmentOutlinedIcon from '@mui/icons-material/AssignmentOutlined';
import EmailOutlinedIcon from '@mui/icons-material/EmailOutlined';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import WebhookIcon from '@mui/icons-material/Webhook';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  IconButton,
  Paper,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { catalogue, type Integration, type Rule, type RuleInput } from '../../../main/contract/index.js';
import { call } from '../api.js';
import { RuleForm } from './RuleForm.js';

const titleOf = (name: string) => catalogue.find((t) => t.name === name)?.title.en ?? name;

/** What an action does, in a few words: "Corporate SMTP → 2 recipients · scan digest". */
export function describeAction(action: Rule['actions'][number], integrations: Integration[] | undefined): string {
  const integration = integrations?.find((i) => i.id === action.integration_id);
  const name = integration?.name ?? 'deleted integration';
  if (integration?.kind === 'jira') return `${name} → ${String(action.params.project_key ?? '?')} · ${String(action.params.issue_type ?? 'Bug')}`;
  if (integration?.kind !== 'email') return name;
  const recipients = (action.params.recipients as string[] | undefined) ?? [];
  const format = action.params.format === 'digest' ? 'scan digest' : 'one email per event';
  return `${name} → ${recipients.length === 1 ? recipients[0] : `${recipients.length} recipients`} · ${format}`;
}

/** Routing rules: which events go where (the seeds' policy Actions). */
export function Rules() {
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => call('rules.list', {}) });
  const integrations = useQuery({ queryKey: ['integrations'], queryFn: () => call('integrations.list', {}) });
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['rules'] });
  const toggle = useMutation({
    mutationFn: (rule: Rule) => call('rules.update', { id: rule.id, input: { ...toInput(rule), is_active: !rule.is_active } }),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (rule: Rule) => call('rules.delete', { id: rule.id }), onSuccess: refresh });

  return (
    <Box>
      <Stack direction="row" alignItems="flex-start" spacing={2} sx={{ mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h1">Rules</Typography>
          <Typography color="text.secondary">
            Which events go where. A rule picks events (and optionally projects) and sends them to one or more integrations: email recipients, a webhook.
          </Typography>
        </Box>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')}>
          Create rule
        </Button>
      </Stack>
      {rules.error && <Alert severity="error">Could not load the rules: {rules.error.message}</Alert>}
      {(toggle.error ?? remove.error) && <Alert severity="error">{(toggle.error ?? remove.error)!.message}</Alert>}
      {rules.isPending && <CircularProgress aria-label="Loading the rules" />}
      {rules.data?.length === 0 && (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }} data-testid="rules-empty">
          <AltRouteIcon color="primary" sx={{ fontSize: 40 }} />
          <Typography variant="h3" component="h2" sx={{ mt: 1 }}>
            No rules yet
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2, maxWidth: 560, mx: 'auto' }}>
            Email integrations send only what a rule routes to them: for example, every triggered SCA policy to the AppSec team, as one digest per scan.
          </Typography>
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')}>
            Create rule
          </Button>
        </Paper>
      )}
      {!!rules.data?.length && (
        <Paper variant="outlined">
          <Table aria-label="Rules">
            <TableHead>
              <TableRow>
                <TableCell>Active</TableCell>
                <TableCell>Rule</TableCell>
                <TableCell>Events</TableCell>
                <TableCell>Actions</TableCell>
                <TableCell align="right" />
              </TableRow>
            </TableHead>
            <TableBody>
              {rules.data.map((rule) => (
                <TableRow key={rule.id} data-testid="rule-row" hover>
                  <TableCell sx={{ width: 72 }}>
                    <Switch checked={rule.is_active} onChange={() => toggle.mutate(rule)} slotProps={{ input: { 'aria-label': `${rule.name} active` } }} />
                  </TableCell>
                  <TableCell>
                    <Typography sx={{ fontWeight: 600 }}>{rule.name}</Typography>
                    <Typography variant="caption" color="text.secondary">
                      {rule.projects.length ? `Projects: ${rule.projects.join(', ')}` : 'All projects'}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ maxWidth: 360 }}>
                    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
                      {rule.triggers.slice(0, 3).map((t) => (
                        <Chip key={t} size="small" label={titleOf(t)} />
                      ))}
                      {rule.triggers.length > 3 && <Chip size="small" variant="outlined" label={`+${rule.triggers.length - 3}`} />}
                    </Stack>
                  </TableCell>
                  <TableCell>
                    {rule.actions.map((a, i) => {
                      const target = integrations.data?.find((x) => x.id === a.integration_id);
                      return (
                        <Typography key={i} variant="body2" color={target && !target.is_active ? 'warning.main' : undefined}>
                          {describeAction(a, integrations.data)}
                          {target && !target.is_active ? ' (inactive: sends nothing)' : ''}
                        </Typography>
                      );
                    })}
                  </TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <Tooltip title="Edit">
                      <IconButton aria-label={`Edit ${rule.name}`} onClick={() => setEditing(rule)}>
                        <EditOutlinedIcon />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title="Delete">
                      <IconButton
                        aria-label={`Delete ${rule.name}`}
                        onClick={() => {
                          if (window.confirm(`Delete the rule "${rule.name}"? Emails already queued still go out.`)) remove.mutate(rule);
                        }}
                      >
                        <DeleteOutlineIcon />
                      </IconButton>
                    </Tooltip>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      {editing && <RuleForm existing={editing === 'new' ? undefined : editing} integrations={integrations.data ?? []} onClose={() => setEditing(null)} />}
    </Box>
  );
}

export function toInput(rule: Rule): RuleInput {
  return { name: rule.name, is_active: rule.is_active, triggers: rule.triggers, projects: rule.projects, actions: rule.actions };
}
