/**
 * The document model: what a document says, built from a template and a case, before any
 * format. The HTML, PDF and Word renderers read only this, so the three say the same words.
 */

/** Where a fact came from: who recorded it and when, and when it happened where that differs. */
export interface Provenance {
  /** The form the fact was recorded on, with its version. */
  form: string;
  recordedBy: string;
  /** "14 March 2026". */
  recordedOn: string;
  /** When what the fact is about happened, when that is not the day it was recorded. */
  happenedOn?: string;
}

/** One block of a section, as every renderer shows it. */
export type ModelBlock =
  | { kind: 'paragraph'; text: string }
  | {
      kind: 'fact';
      /** The question, in the words of the form version the answer was recorded with. */
      label: string;
      /** The answer, one entry per paragraph. */
      paragraphs: string[];
      source: Provenance;
    }
  | {
      kind: 'table';
      /** Says what the table holds, for screen readers and the reader. */
      caption: string;
      columns: string[];
      rows: string[][];
      source?: Provenance;
    }
  | { kind: 'empty'; text: string };

/** A section: a heading and what is under it. */
export interface ModelSection {
  heading: string;
  blocks: ModelBlock[];
}

/** The versions a document was built from, stored beside it when it is issued. */
export interface ModelSources {
  templateId: string;
  templateVersion: number;
  caseVersion: number;
  /** Each submission read, with the form version it was recorded with. */
  submissions: { id: string; formId: string; formVersion: number }[];
}

/** A whole document. */
export interface DocumentModel {
  title: string;
  /** BCP 47 language of the words. */
  language: 'en-GB';
  caseReference: string;
  childName: string;
  /** "14 March 2026": the day it is issued (or previewed). */
  issuedOn: string;
  issuedBy: string;
  sources: ModelSources;
  sections: ModelSection[];
}

/**
 * A provenance as one sentence: "Contact and referral, recorded by Sam Smith on 14 March 2026."
 * or, when what it records happened on another day, "Child protection conference of 10 March
 * 2026, recorded by Sam Smith on 14 March 2026."
 */
export function provenanceSentence(source: Provenance): string {
  const happened = source.happenedOn ? ` of ${source.happenedOn}` : '';
  return `${source.form}${happened}, recorded by ${source.recordedBy} on ${source.recordedOn}.`;
}
