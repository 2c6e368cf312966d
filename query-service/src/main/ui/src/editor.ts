// The PromQL editor: CodeMirror 6 with Prometheus' own PromQL language package, which highlights,
// lints, and completes metric names, label names and label values by asking our API.

import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  completionStatus,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, insertNewlineAndIndent } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, highlightSpecialChars, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';

const promqlHighlight = HighlightStyle.define([
  { tag: tags.number, color: '#09885a' },
  { tag: tags.string, color: '#a31515' },
  { tag: tags.keyword, color: '#008080', fontWeight: 'bold' },
  { tag: tags.function(tags.variableName), color: '#008080' },
  { tag: tags.labelName, color: '#800000' },
  { tag: tags.operator },
  { tag: tags.modifier, color: '#008080', fontWeight: 'bold' },
  { tag: tags.paren },
  { tag: tags.squareBracket },
  { tag: tags.brace },
  { tag: tags.invalid, color: 'red' },
  { tag: tags.comment, color: '#888', fontStyle: 'italic' },
]);

export interface PromQLEditor {
  value(): string;
  setValue(expr: string): void;
  focus(): void;
}

/**
 * Mounts the editor in parent. onExecute runs on Shift+Enter and Ctrl/Cmd+Enter; plain Enter accepts an
 * open completion or starts a new line.
 */
export function mountEditor(parent: HTMLElement, initial: string, onExecute: () => void): PromQLEditor {
  const promql = new PromQLExtension().activateLinter(true).setComplete({
    remote: {
      // The library needs an absolute base; our API lives at the origin's /api/v1.
      url: window.location.origin,
      httpMethod: 'GET',
      // Metric names change rarely; refetch them every minute rather than on every keystroke.
      cache: { maxAge: 60_000 },
      httpErrorHandler: (error: unknown) => console.warn('autocompletion request failed', error),
    },
  });
  const execute = (): boolean => {
    onExecute();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: initial,
      extensions: [
        highlightSpecialChars(),
        history(),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        EditorView.lineWrapping,
        syntaxHighlighting(promqlHighlight),
        placeholder('Expression (Shift+Enter or Ctrl+Enter to execute)'),
        promql.asExtension(),
        Prec.highest(
          keymap.of([
            { key: 'Shift-Enter', run: execute },
            { key: 'Mod-Enter', run: execute },
            {
              // Enter belongs to the completion popup while it is open.
              key: 'Enter',
              run: (v) => (completionStatus(v.state) === 'active' ? false : insertNewlineAndIndent(v)),
            },
          ]),
        ),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
      ],
    }),
  });
  return {
    value: () => view.state.doc.toString(),
    setValue: (expr: string) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: expr } }),
    focus: () => view.focus(),
  };
}
