/** Our own writes (a like, a branch deleted) tell the summary labels they affect to reload, without a page reload. */
import { onHostEvent, triggerHostEvent } from 'yourcompany/host';

const SUMMARY_CHANGED = 'yourcompany.summary.changed';

/** Tells the labels listening to `topic` ('comments', 'branch', …) to reload their data fresh. */
export function notifySummaryChanged(topic: string): void {
  triggerHostEvent(SUMMARY_CHANGED, topic);
}

/** For `summaryModal({ reloadOn })`: subscribes `reload` to `topic`; returns the unsubscribe function. */
export function onSummaryChanged(topic: string): (reload: () => void) => () => void {
  return (reload) =>
    onHostEvent(SUMMARY_CHANGED, (changed) => {
      if (changed === topic) reload();
    });
}
