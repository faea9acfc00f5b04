import { Box, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';

/** The sandbox's inbox views: what captured integrations sent. */
export function Sandbox() {
  const { t } = useTranslation('sandbox');
  return (
    <Box>
      <Typography variant="h5" component="h1" gutterBottom>
        {t('title')}
      </Typography>
      <Typography color="text.secondary">{t('intro')}</Typography>
    </Box>
  );
}
