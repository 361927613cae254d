/**
 * Sentiment bookkeeping shared by the English and Chinese scanners: the mass found in a text, and
 * the clauses it came from, so that "but", "although" and "总的来说" can reweigh what came before.
 */

/** Sentiment mass collected from a text: weighted for the verdict, raw for detecting MIXED. */
export interface Tally {
  pos: number;
  neg: number;
  /** Strongest positive and negative clause, unweighted. */
  maxPosClause: number;
  maxNegClause: number;
  question: boolean;
}

export const newTally = (): Tally => ({ pos: 0, neg: 0, maxPosClause: 0, maxNegClause: 0, question: false });

interface Clause {
  pos: number;
  neg: number;
  weight: number;
  sentence: number;
  /** Opened by a concession after clear praise ("挺好的，就是有点吵"). */
  minor: boolean;
}

export class ClauseBook {
  private readonly clauses: Clause[] = [];
  private cur: Clause = { pos: 0, neg: 0, weight: 1, sentence: 0, minor: false };
  private sentence = 0;
  private nextWeight = 1;
  /** Weight of every clause after a summary marker. */
  private boost = 1;

  add(value: number): void {
    if (value > 0) this.cur.pos += value;
    else this.cur.neg -= value;
  }

  endClause(): void {
    if (this.cur.pos > 0 || this.cur.neg > 0) this.clauses.push(this.cur);
    this.cur = { pos: 0, neg: 0, weight: this.nextWeight * this.boost, sentence: this.sentence, minor: false };
    this.nextWeight = 1;
  }

  endSentence(exclaim: boolean): void {
    this.endClause();
    if (exclaim) {
      for (const c of this.clauses) if (c.sentence === this.sentence) c.weight *= 1.25;
    }
    this.sentence++;
    this.cur.sentence = this.sentence;
  }

  /** "A but B": A counts less, B more. Applies to the clauses of the current sentence. */
  contrast(before: number, after: number): void {
    this.endClause();
    for (const c of this.clauses) if (c.sentence === this.sentence) c.weight *= before;
    this.cur.weight = after;
  }

  /** "although A, B": the clause being opened counts less, the next one more. */
  concede(current: number, next: number, minor = false): void {
    this.endClause();
    this.cur.weight = current;
    this.cur.minor = minor;
    this.nextWeight = next;
  }

  /** The weighted lean of everything read so far: above 0 when praise dominates. */
  lean(): number {
    let net = (this.cur.pos - this.cur.neg) * this.cur.weight;
    for (const c of this.clauses) net += (c.pos - c.neg) * c.weight;
    return net;
  }

  /** "overall, B": everything before counts `before` times, everything after `after` times. */
  summarize(before: number, after: number): void {
    this.endClause();
    for (const c of this.clauses) c.weight *= before;
    this.boost = after;
    this.cur.weight = after;
  }

  into(t: Tally): void {
    this.endClause();
    for (const c of this.clauses) {
      t.pos += c.pos * c.weight;
      t.neg += c.neg * c.weight;
      // A minor complaint after clear praise does not make the text MIXED on its own.
      const net = (c.pos - c.neg) * (c.minor ? c.weight : 1);
      if (net > t.maxPosClause) t.maxPosClause = net;
      if (-net > t.maxNegClause) t.maxNegClause = -net;
    }
  }
}
