/** English texts shared by every screen: the app's frame, generic actions, times. */
export default {
  app: {
    name: 'Herald',
    tagline: 'Security alert routing',
  },
  nav: {
    integrations: 'Integrations',
    rules: 'Rules',
    events: 'Events',
    log: 'Live log',
    dead: 'Dead letters',
    health: 'Health',
    settings: 'Settings',
  },
  actions: {
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    delete: 'Delete',
    edit: 'Edit',
    duplicate: 'Duplicate',
    add: 'Add',
    remove: 'Remove',
    retry: 'Try again',
    refresh: 'Refresh',
    copy: 'Copy',
    testIt: 'Test it',
    show: 'Show',
    hide: 'Hide',
  },
  time: {
    dueNow: 'due now',
    at: 'at {{time}}',
    engineTime: '{{time}} (engine time, running ×{{scale}})',
  },
  errors: {
    /** Shown when a request to the engine fails and the error has no message of its own. */
    generic: 'Something went wrong. Try again; if it keeps failing, the live log says more.',
  },
} as const;
