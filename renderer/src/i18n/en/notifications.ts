/** English texts of the "notifications" namespace. Keys are grouped by where they appear. */
export default {
  /** The kinds a user can switch off, by NotificationKind. */
  kinds: {
    auto_disabled: 'Integrations disabled automatically',
    dead_letters: 'Dead letters',
    test_failed: 'Failed tests',
  },
  bell: {
    title: 'Notifications',
    unreadHint_one: '{{count, number}} unread notification',
    unreadHint_other: '{{count, number}} unread notifications',
    unreadLabel: 'Notifications, {{count, number}} unread',
  },
  panel: {
    markAllRead: 'Mark all read',
    tune: 'Choose what to be notified about',
    saveFailed: 'Could not save: {{message}}',
    loadFailed: 'Could not load notifications: {{message}}. They come back when the connection does.',
    empty:
      'Nothing needs attention. Herald tells you here when it disables an integration, gives up on deliveries, or a test of a saved integration fails.',
    list: 'Notifications needing attention',
  },
} as const;
