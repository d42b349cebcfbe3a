package io.imgdiff.detect;

/**
 * Subset linear least squares through the normal equations, ridge-regularised except for the first term (assumed
 * to be the constant 1); small systems only (a few terms).
 */
final class LeastSquares {

    /** Ridge strength per row on every term but the first (the intercept). */
    static final double RIDGE = 0.01;

    private LeastSquares() {
    }

    /** Coefficients minimising the squared error of {@code f·p - t} over rows with {@code use[i]}. */
    static double[] solve(double[][] f, double[] t, boolean[] use, int terms) {
        double[][] m = new double[terms][terms + 1];
        for (int i = 0; i < t.length; i++) {
            if (!use[i]) {
                continue;
            }
            double[] r = f[i];
            for (int j = 0; j < terms; j++) {
                for (int k = j; k < terms; k++) {
                    m[j][k] += r[j] * r[k];
                }
                m[j][terms] += r[j] * t[i];
            }
        }
        double ridge = RIDGE * Math.max(1, m[0][0]); // m[0][0] counts the rows used (the first term is 1)
        for (int j = 0; j < terms; j++) {
            for (int k = 0; k < j; k++) {
                m[j][k] = m[k][j];
            }
            // Shrinks every slope a little, so a narrow range of levels cannot produce a steep, wild fit;
            // also keeps degenerate inputs (flat images) solvable.
            m[j][j] += j == 0 ? 1e-9 : ridge;
        }
        return gauss(m, terms);
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
