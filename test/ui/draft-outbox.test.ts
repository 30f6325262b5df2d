import assert from 'node:assert/strict';
import {
  draftAddressesOf,
  draftKey,
  isLegacyDraftKey,
  parseDraftKey,
} from '../../ui/src/drafts/draft-keys.ts';
import {
  clearDrafts,
  type DraftStorage,
  dropLegacyDrafts,
  keepDraft,
  listDrafts,
  pendingDraft,
} from '../../ui/src/drafts/draft-outbox.ts';
import {
  discardDrafts,
  type LiveDraft,
  sendDraftsBeforeLogOut,
} from '../../ui/src/drafts/send-drafts-at-log-out.ts';
import { unsentChangesQuestion } from '../../ui/src/session/log-out-warning.ts';

/** The Web Storage API over a Map, as a browser's localStorage behaves for these calls. */
function memoryStorage(entries: Record<string, string> = {}): DraftStorage & { keys(): string[] } {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (index: number) => [...map.keys()][index] ?? null,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, String(value)),
    removeItem: (key: string) => void map.delete(key),
    keys: () => [...map.keys()].sort(),
  };
}

const draft = (words: string) => ({
  data: { reportedConcerns: words },
  revision: 2,
  changedAt: '2026-03-14T10:00:00.000Z',
});
const ana = { userId: 'u-ana', caseId: 'c1', formId: 'contact' };
const ben = { userId: 'u-ben', caseId: 'c1', formId: 'contact' };

describe('web app: drafts kept on the device, per user', () => {
  it('names a draft by its user, case and form, and reads the name back', () => {
    assert.equal(draftKey(ana), 'lowform:user-draft:u-ana:c1:contact');
    assert.deepEqual(parseDraftKey('lowform:user-draft:u-ana:c1:contact'), ana);
    const odd = { userId: 'a:b', caseId: 'c:1', formId: 'f%' };
    assert.equal(draftKey(odd), 'lowform:user-draft:a%3Ab:c%3A1:f%25');
    assert.deepEqual(parseDraftKey(draftKey(odd)), odd);
  });

  it('does not take an unkeyed or malformed key for a user draft', () => {
    assert.equal(parseDraftKey('lowform:draft:c1:contact'), null);
    assert.equal(parseDraftKey('lowform:user-draft:u-ana:c1'), null);
    assert.equal(parseDraftKey('lowform:user-draft::c1:contact'), null);
    assert.equal(parseDraftKey('lowform:user-draft:%E0%A4%A:c1:contact'), null);
    assert.equal(isLegacyDraftKey('lowform:draft:c1:contact'), true);
    assert.equal(isLegacyDraftKey('lowform:user-draft:u-ana:c1:contact'), false);
  });

  it("picks out one user's drafts among every key", () => {
    const keys = [
      'lowform:user-draft:u-ana:c1:contact',
      'lowform:user-draft:u-ben:c1:contact',
      'lowform:user-draft:u-ana:c2:plan',
      'lowform:draft:c1:contact',
      'something-else',
    ];
    assert.deepEqual(draftAddressesOf(keys, 'u-ana'), [
      { userId: 'u-ana', caseId: 'c1', formId: 'contact' },
      { userId: 'u-ana', caseId: 'c2', formId: 'plan' },
    ]);
    assert.deepEqual(draftAddressesOf(keys, 'u-an'), []);
  });

  it("never gives one user another user's draft of the same form", () => {
    const storage = memoryStorage();
    assert.equal(keepDraft(ana, draft('Ana wrote this'), storage), true);
    assert.deepEqual(pendingDraft(ana, storage), draft('Ana wrote this'));
    assert.equal(pendingDraft(ben, storage), null);
    assert.deepEqual(listDrafts('u-ben', storage), []);
  });

  it('refuses an entry whose recorded author is not the user its key names', () => {
    const storage = memoryStorage({
      [draftKey(ben)]: JSON.stringify({ ...draft('copied by hand'), author: 'u-ana' }),
      [draftKey(ana)]: JSON.stringify(draft('no author at all')),
    });
    assert.equal(pendingDraft(ben, storage), null);
    assert.equal(pendingDraft(ana, storage), null);
  });

  it("clears one user's drafts and nobody else's", () => {
    const storage = memoryStorage();
    keepDraft(ana, draft('a'), storage);
    keepDraft({ ...ana, caseId: 'c2' }, draft('b'), storage);
    keepDraft(ben, draft('c'), storage);
    assert.equal(clearDrafts('u-ana', storage), 2);
    assert.deepEqual(storage.keys(), ['lowform:user-draft:u-ben:c1:contact']);
  });

  it('drops drafts kept before they were kept per user, and only those', () => {
    const storage = memoryStorage({
      'lowform:draft:c1:contact': JSON.stringify(draft('author unknown')),
      'lowform:draft:c2:plan': JSON.stringify(draft('author unknown')),
      'other-app': 'x',
    });
    keepDraft(ana, draft('a'), storage);
    assert.equal(dropLegacyDrafts(storage), 2);
    assert.deepEqual(storage.keys(), ['lowform:user-draft:u-ana:c1:contact', 'other-app']);
  });
});

describe('web app: drafts at log-out', () => {
  /** An open form's autosave that reports `sent`, remembering what log-out asked of it. */
  function openForm(address: typeof ana, sent: boolean) {
    const calls: string[] = [];
    const live: LiveDraft = {
      ...address,
      flush: async () => {
        calls.push('flush');
        return sent;
      },
      stop: () => void calls.push('stop'),
    };
    return { live, calls };
  }

  it('sends the leaving user’s stored drafts and counts the forms it could not send', async () => {
    const storage = memoryStorage();
    keepDraft(ana, draft('reaches the server'), storage);
    keepDraft({ ...ana, caseId: 'c2' }, draft('does not'), storage);
    keepDraft(ben, draft('Ben’s, not sent'), storage);
    const sent: string[] = [];
    const unsent = await sendDraftsBeforeLogOut('u-ana', {
      storage,
      open: [],
      send: async (s) => {
        sent.push(`${s.userId} ${s.caseId} ${s.draft.data.reportedConcerns}`);
        return s.caseId === 'c1';
      },
    });
    assert.equal(unsent, 1);
    assert.deepEqual(sent.sort(), ['u-ana c1 reaches the server', 'u-ana c2 does not']);
    assert.deepEqual(storage.keys(), [
      'lowform:user-draft:u-ana:c2:contact',
      'lowform:user-draft:u-ben:c1:contact',
    ]);
  });

  it('lets an open form send its own draft rather than its stored copy', async () => {
    const storage = memoryStorage();
    keepDraft(ana, draft('stored copy'), storage);
    const form = openForm(ana, false);
    const other = openForm(ben, true);
    const sent: string[] = [];
    const unsent = await sendDraftsBeforeLogOut('u-ana', {
      storage,
      open: [form.live, other.live],
      send: async (s) => {
        sent.push(s.caseId);
        return true;
      },
    });
    assert.equal(unsent, 1);
    assert.deepEqual(sent, []);
    assert.deepEqual(form.calls, ['flush']);
    assert.deepEqual(other.calls, [], 'another user’s form is never flushed');
  });

  it("stops every open autosave and removes only the leaving user's copies", () => {
    const storage = memoryStorage();
    keepDraft(ana, draft('a'), storage);
    keepDraft(ben, draft('b'), storage);
    const form = openForm(ana, false);
    const other = openForm(ben, false);
    discardDrafts('u-ana', { storage, open: [form.live, other.live] });
    assert.deepEqual(form.calls, ['stop']);
    assert.deepEqual(other.calls, ['stop']);
    assert.deepEqual(storage.keys(), ['lowform:user-draft:u-ben:c1:contact']);
  });

  it('asks plainly before changes that could not be sent are lost', () => {
    assert.equal(
      unsentChangesQuestion(1),
      'Your changes to 1 form could not be sent to the server, so they are only on this device. Log out anyway and lose them? Choose Cancel to stay logged in and keep them.',
    );
    assert.match(unsentChangesQuestion(3), /^Your changes to 3 forms could not be sent/);
  });
});
