// The stream's state as a row of small figures; fixed-width cells so nothing shifts while playing.

export type StateRow = Array<[label: string, value: string]>;

export class StatePanel {
  private readonly cells = new Map<string, HTMLElement>();

  constructor(private readonly root: HTMLElement) {}

  render(rows: StateRow): void {
    for (const [label, value] of rows) {
      let cell = this.cells.get(label);
      if (!cell) {
        const box = document.createElement('div');
        const dt = document.createElement('dt');
        dt.textContent = label;
        cell = document.createElement('dd');
        cell.dataset.label = label;
        box.append(dt, cell);
        this.root.append(box);
        this.cells.set(label, cell);
      }
      if (cell.textContent !== value) cell.textContent = value;
    }
  }
}
