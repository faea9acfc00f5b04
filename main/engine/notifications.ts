import type { HeraldNotification, NotificationKind, NotificationList } from '../contract/index.js';
import type { PushBus } from './bus.js';
import { iso, type Clock } from './clock.js';
import { newId, type NotificationRow, type Repo } from './store/repo.js';

/**
 * Seed 001's in-app notifications: one open notice per cause (an integration disabled, its dead
 * letters, its failing test), updated while the cause lasts and resolved when it goes away, so
 * the bell lists what needs attention now rather than everything that ever happened.
 */
export class Notifications {
  constructor(
    private readonly repo: Repo,
    private readonly clock: Clock,
    private readonly bus: PushBus,
    private readonly kindsOff: () => readonly string[],
  ) {}

  /** Opens the notice for this cause, or updates the open one (unread again: it changed). */
  raise(kind: NotificationKind, integrationId: string | null, text: { title: string; message: string; link: string }): void {
    const now = this.clock.now();
    const open = this.repo.openNotification(kind, integrationId);
    const row: NotificationRow = open
      ? { ...open, ...text, updated_at: now, read_at: null }
      : { id: newId(), kind, integration_id: integrationId, ...text, created_at: now, updated_at: now, read_at: null, resolved_at: null };
    this.repo.upsertNotification(row);
    this.push(row);
  }

  /** The cause went away: the notice leaves the bell (kept as history until retention). */
  resolve(kind: NotificationKind, integrationId: string | null): void {
    const open = this.repo.openNotification(kind, integrationId);
    if (!open) return;
    const row = { ...open, resolved_at: this.clock.now(), updated_at: this.clock.now() };
    this.repo.upsertNotification(row);
    this.push(row);
  }

  list(includeResolved: boolean, limit: number): NotificationList {
    const off = new Set(this.kindsOff());
    const items = this.repo
      .notifications(includeResolved, limit)
      .filter((r) => !off.has(r.kind))
      .map(toNotification);
    return { items, unread: this.repo.unreadNotifications([...off]) };
  }

  markRead(ids: readonly string[] | 'all'): NotificationList {
    const now = this.clock.now();
    const rows = ids === 'all' ? this.repo.notifications(false, 500) : ids.map((id) => this.repo.notification(id)).filter((r): r is NotificationRow => r !== undefined);
    for (const r of rows) {
      if (r.read_at !== null) continue;
      const row = { ...r, read_at: now };
      this.repo.upsertNotification(row);
      this.push(row);
    }
    return this.list(false, 100);
  }

  private push(row: NotificationRow): void {
    this.bus.emit({ type: 'notification', notification: toNotification(row) });
  }
}

function toNotification(r: NotificationRow): HeraldNotification {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    integration_id: r.integration_id,
    title: r.title,
    message: r.message,
    link: r.link,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    read: r.read_at !== null,
    resolved: r.resolved_at !== null,
  };
}
