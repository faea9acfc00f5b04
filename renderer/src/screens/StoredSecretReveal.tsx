import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api.js';
import { translateMessage } from '../i18n/validation.js';
import { mono } from '../theme.js';

/** The revealed value goes away on its own: a secret left on screen ends up in a screenshot. */
const SHOWN_FOR_MS = 30_000;

/**
 * Shows one stored secret in clear, on an explicit click. The engine writes every reveal to the
 * live log (without the value); the value lives only in this component's state, never in the
 * query cache, and is dropped after 30 seconds or when the form closes.
 */
export function StoredSecretReveal({ integrationId, secret }: { integrationId: string; secret: 'token' | 'password' | 'webhook_url' | 'bot_token' | 'client_secret' }) {
  const { t } = useTranslation('integrations');
  const label = t(`reveal.names.${secret}`);
  const [value, setValue] = useState<string | null | undefined>(undefined);
  const reveal = useMutation({
    mutationFn: () => call('integrations.revealSecret', { id: integrationId, secret }),
    onSuccess: (r) => setValue(r.value),
  });
  useEffect(() => {
    if (value === undefined) return;
    const timer = setTimeout(() => setValue(undefined), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [value]);

  const shown = value !== undefined;
  return (
    <Box data-testid={`reveal-${secret}`} sx={{ mt: -0.5 }}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Button
          size="small"
          startIcon={shown ? <VisibilityOffIcon /> : <VisibilityIcon />}
          onClick={() => (shown ? setValue(undefined) : reveal.mutate())}
          disabled={reveal.isPending}
          aria-label={shown ? t('reveal.hide', { label }) : t('reveal.show', { label })}
        >
          {shown ? t('reveal.hideShort') : t('reveal.showShort', { label })}
        </Button>
        {!shown && (
          <Typography variant="caption" color="text.secondary">
            {t('reveal.logged')}
          </Typography>
        )}
      </Stack>
      {shown && (
        <Box sx={{ mt: 0.5 }}>
          <Box component="output" aria-label={t('reveal.valueOf', { label })} data-testid="revealed-value" sx={{ ...mono, display: 'block', p: 1, borderRadius: 1, bgcolor: 'action.hover', wordBreak: 'break-all' }}>
            {value ?? t('reveal.none')}
          </Box>
          <Typography variant="caption" color="text.secondary">
            {t('reveal.hidesSoon')}
          </Typography>
        </Box>
      )}
      {reveal.error && (
        <Alert severity="error" sx={{ mt: 0.5 }} onClose={() => reveal.reset()}>
          {t('reveal.failed', { message: translateMessage(reveal.error.message) })}
        </Alert>
      )}
    </Box>
  );
}
