/** Every text of the console, by language and namespace. Pure data: the unit tests read it under Node. */
import enCommon from './en/common.js';
import enDeadLetters from './en/deadLetters.js';
import enEmail from './en/email.js';
import enEvents from './en/events.js';
import enForms from './en/forms.js';
import enHealth from './en/health.js';
import enIntegrations from './en/integrations.js';
import enLivelog from './en/livelog.js';
import enNotifications from './en/notifications.js';
import enReports from './en/reports.js';
import enRules from './en/rules.js';
import enSandbox from './en/sandbox.js';
import enSettings from './en/settings.js';
import ruCommon from './ru/common.js';
import ruDeadLetters from './ru/deadLetters.js';
import ruEmail from './ru/email.js';
import ruEvents from './ru/events.js';
import ruForms from './ru/forms.js';
import ruHealth from './ru/health.js';
import ruIntegrations from './ru/integrations.js';
import ruLivelog from './ru/livelog.js';
import ruNotifications from './ru/notifications.js';
import ruReports from './ru/reports.js';
import ruRules from './ru/rules.js';
import ruSandbox from './ru/sandbox.js';
import ruSettings from './ru/settings.js';

export const en = {
  common: enCommon,
  deadLetters: enDeadLetters,
  email: enEmail,
  events: enEvents,
  forms: enForms,
  health: enHealth,
  integrations: enIntegrations,
  livelog: enLivelog,
  notifications: enNotifications,
  reports: enReports,
  rules: enRules,
  sandbox: enSandbox,
  settings: enSettings,
};
export const ru = {
  common: ruCommon,
  deadLetters: ruDeadLetters,
  email: ruEmail,
  events: ruEvents,
  forms: ruForms,
  health: ruHealth,
  integrations: ruIntegrations,
  livelog: ruLivelog,
  notifications: ruNotifications,
  reports: ruReports,
  rules: ruRules,
  sandbox: ruSandbox,
  settings: ruSettings,
};

export type Language = 'en' | 'ru';
export const LANGUAGES: Language[] = ['en', 'ru'];
