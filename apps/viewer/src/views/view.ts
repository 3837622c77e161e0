/** What every view gives the shell: its element, work to do once it is in the page, cleanup. */
export interface View {
  element: HTMLElement;
  /** Runs after the element is attached (a canvas needs its size). */
  mounted?: () => Promise<void>;
  dispose?: () => void;
  /** Keys the view handles (ArrowLeft/ArrowRight along a path…); true when handled. */
  onKey?: (ev: KeyboardEvent) => boolean;
}
