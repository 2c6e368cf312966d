package io.thanosj.promql.eval;

/**
 * Orderings that reproduce Go's sort.Sort and container/heap on index-addressed data, because
 * PromQL's sort(), topk() and bottomk() expose the order of equal and NaN values.
 */
final class GoSort {

  interface Less {
    boolean less(int i, int j);
  }

  interface Swap {
    void swap(int i, int j);
  }

  private GoSort() {}

  /**
   * Go's sort.Sort. For up to 12 elements Go uses insertion sort, which this reproduces exactly;
   * larger inputs use a stable merge sort, which agrees with Go except in the relative order of
   * elements that compare equal.
   */
  static void sort(int n, Less less, Swap swap) {
    if (n <= 12) {
      for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && less.less(j, j - 1); j--) {
          swap.swap(j, j - 1);
        }
      }
      return;
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] tmp = new int[n];
    mergeSort(order, tmp, 0, n, less);
    // Apply the permutation with swaps: position p must receive the element originally at order[p].
    int[] where = new int[n]; // where[original] = current position
    int[] at = new int[n]; // at[position] = original index currently there
    for (int i = 0; i < n; i++) {
      where[i] = i;
      at[i] = i;
    }
    for (int p = 0; p < n; p++) {
      int want = order[p];
      int cur = where[want];
      if (cur != p) {
        swap.swap(p, cur);
        int displaced = at[p];
        at[cur] = displaced;
        where[displaced] = cur;
        at[p] = want;
        where[want] = p;
      }
    }
  }

  private static void mergeSort(int[] a, int[] tmp, int from, int to, Less less) {
    if (to - from < 2) {
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid, less);
    mergeSort(a, tmp, mid, to, less);
    int i = from;
    int j = mid;
    int k = from;
    while (i < mid && j < to) {
      // Take from the right only when it is strictly less, which keeps equal elements stable.
      if (less.less(a[j], a[i])) {
        tmp[k++] = a[j++];
      } else {
        tmp[k++] = a[i++];
      }
    }
    while (i < mid) {
      tmp[k++] = a[i++];
    }
    while (j < to) {
      tmp[k++] = a[j++];
    }
    System.arraycopy(tmp, from, a, from, to - from);
  }

  /** Go's heap.Push after the element has been appended at index n-1. */
  static void heapUp(int j, Less less, Swap swap) {
    while (true) {
      int i = (j - 1) / 2;
      if (i == j || !less.less(j, i)) {
        break;
      }
      swap.swap(i, j);
      j = i;
    }
  }

  /** Go's heap.Fix. */
  static void heapFix(int i, int n, Less less, Swap swap) {
    if (!heapDown(i, n, less, swap)) {
      heapUp(i, less, swap);
    }
  }

  private static boolean heapDown(int i0, int n, Less less, Swap swap) {
    int i = i0;
    while (true) {
      int j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) {
        break;
      }
      int j = j1;
      int j2 = j1 + 1;
      if (j2 < n && less.less(j2, j1)) {
        j = j2;
      }
      if (!less.less(j, i)) {
        break;
      }
      swap.swap(i, j);
      i = j;
    }
    return i > i0;
  }
}
