/**
 * One polite live region for the whole app: messages put here are read out by screen readers
 * (a save, an error that is not next to a field, a page that finished loading).
 */
import { ref } from 'vue';

const message = ref('');

/** Reads a message out; the same message twice is read twice. */
export function announce(text: string): void {
  message.value = '';
  setTimeout(() => {
    message.value = text;
  }, 50);
}

/** The current message, for the live region in App.vue. */
export function useAnnouncement() {
  return message;
}
