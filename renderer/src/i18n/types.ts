/**
 * The Russian side of a namespace must have every English key (a missing translation is a type
 * error, not an English word in a Russian screen) and, for each plural (`x_one` / `x_other`),
 * the `x_few` and `x_many` forms Russian needs.
 */
export type Translation<T> = {
  [K in keyof T]: T[K] extends string ? string : Translation<T[K]>;
} & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_few` | `${Base}_many` : never]: string;
};
