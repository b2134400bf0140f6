// Field names for protocol errors, spelled out only when a check fails: shard lists and segment
// refs come in nearly every frame, both ways, and building their paths
// (`request.items[0].segment.rendition`) as strings for every item cost more than reading them.

/** A field's name: a string, or a path whose string is made only when asked for (an error). */
export type FieldName = string | FieldPath;

export class FieldPath {
  constructor(
    private readonly parent: FieldName,
    /** `[i]` is written before `suffix` when `index` is 0 or more. */
    private readonly index: number,
    private readonly suffix: string,
  ) {}

  toString(): string {
    return this.index >= 0 ? `${this.parent}[${this.index}]${this.suffix}` : `${this.parent}${this.suffix}`;
  }
}

/** `parent[index]suffix`, e.g. `request.items[2].segment`. */
export function itemField(parent: FieldName, index: number, suffix = ''): FieldPath {
  return new FieldPath(parent, index, suffix);
}

/** `parent` + `suffix`, e.g. `shard.segment.rendition`. */
export function subField(parent: FieldName, suffix: string): FieldPath {
  return new FieldPath(parent, -1, suffix);
}
