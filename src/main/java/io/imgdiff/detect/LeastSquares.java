package io.imgdiff.detect;

/**
 * Linear least squares through the normal equations, ridge-regularised except for the first term (assumed to be
 * the constant 1); small systems only (a few terms).
 */
final class LeastSquares {

    /** Ridge strength per row on every term but the first (the intercept). */
    static final double RIDGE = 0.01;

    private LeastSquares() {
    }

    /** Accumulates rows into {@code XᵀX | Xᵀt} (upper triangle) and solves; reusable after {@link #clear}. */
    static final class Normal {

        private final int terms;
        /** Row-major {@code terms × (terms+1)}: the upper triangle of XᵀX, then Xᵀt in the last column. */
        private final double[] m;

        Normal(int terms) {
            this.terms = terms;
            this.m = new double[terms * (terms + 1)];
        }

        void clear() {
            java.util.Arrays.fill(m, 0);
        }

        /** Adds the row {@code f} (length {@code terms}) with target {@code t}. */
        void add(double[] f, double t) {
            int stride = terms + 1;
            for (int j = 0, row = 0; j < terms; j++, row += stride) {
                double fj = f[j];
                for (int k = j; k < terms; k++) {
                    m[row + k] += fj * f[k];
                }
                m[row + terms] += fj * t;
            }
        }

        /**
         * Adds rows given column by column — {@code cols[j][i]} is term j of row i, {@code t[i]} its target — for
         * rows {@code 0..n-1}: each entry is one dot product over the rows, with four partial sums in flight,
         * which is several times faster than {@link #add} row by row.
         */
        void addColumns(double[][] cols, double[] t, int n) {
            int stride = terms + 1;
            for (int j = 0, row = 0; j < terms; j++, row += stride) {
                for (int k = j; k < terms; k++) {
                    m[row + k] += dot(cols[j], cols[k], n);
                }
                m[row + terms] += dot(cols[j], t, n);
            }
        }

        private static double dot(double[] a, double[] b, int n) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                s0 += a[i] * b[i];
                s1 += a[i + 1] * b[i + 1];
                s2 += a[i + 2] * b[i + 2];
                s3 += a[i + 3] * b[i + 3];
            }
            for (; i < n; i++) {
                s0 += a[i] * b[i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        /** Coefficients minimising the squared error of {@code f·p - t} over the rows added. */
        double[] solve() {
            double[][] s = new double[terms][];
            for (int j = 0; j < terms; j++) {
                s[j] = java.util.Arrays.copyOfRange(m, j * (terms + 1), (j + 1) * (terms + 1));
            }
            double ridge = RIDGE * Math.max(1, s[0][0]); // s[0][0] counts the rows added (the first term is 1)
            for (int j = 0; j < terms; j++) {
                for (int k = 0; k < j; k++) {
                    s[j][k] = s[k][j];
                }
                // Shrinks every slope a little, so a narrow range of levels cannot produce a steep, wild fit;
                // also keeps degenerate inputs (flat images) solvable.
                s[j][j] += j == 0 ? 1e-9 : ridge;
            }
            return gauss(s, terms);
        }
    }

    private static double[] gauss(double[][] m, int n) {
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[piv];
            m[piv] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
