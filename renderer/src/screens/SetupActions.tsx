import { Button, DialogActions, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';

/**
 * The footer of an integration form (seed 000): "Setup now" after a passing test; saving an
 * untested or failing new setup is an explicit "Save anyway", with the reason beside it.
 */
export function SetupActions({
  formId,
  untested,
  testFailed,
  editing,
  saving,
  onCancel,
  texts,
}: {
  formId: string;
  untested: boolean;
  testFailed: boolean;
  editing: boolean;
  saving: boolean;
  onCancel: () => void;
  /** The kind's own wording. */
  texts: { testFirst: string; testFailed: string; saveAnyway: string; setupNow: string };
}) {
  const { t } = useTranslation('common');
  return (
    <DialogActions sx={{ px: 3, py: 1.5 }}>
      {untested && (
        <Typography variant="caption" color="text.secondary" sx={{ mr: 'auto' }}>
          {testFailed ? texts.testFailed : texts.testFirst}
        </Typography>
      )}
      <Button onClick={onCancel}>{t('actions.cancel')}</Button>
      <Button type="submit" form={formId} variant={untested ? 'outlined' : 'contained'} disabled={saving}>
        {untested ? texts.saveAnyway : editing ? t('actions.save') : texts.setupNow}
      </Button>
    </DialogActions>
  );
}
