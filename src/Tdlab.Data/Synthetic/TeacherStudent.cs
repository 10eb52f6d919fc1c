using Tdlab.Tensors.Random;

namespace Tdlab.Data.Synthetic;

/// <summary>
/// Teacher-student data: Gaussian inputs x ~ N(0, I_d) labelled by a random teacher MLP
/// f*(x) = V tanh(W x / sqrt(d)) / sqrt(h) with W, V ~ N(0, 1). Classification takes argmax over
/// <c>classes</c> outputs (or the sign for 2 classes); regression keeps f*(x) (+ optional Gaussian noise).
/// </summary>
public static class TeacherStudent
{
    public static DataSplit Classification(Rng rng, int dim, int hidden, int classes, int trainCount, int testCount)
    {
        var teacher = Teacher.Draw(rng.Child("teacher"), dim, hidden, classes == 2 ? 1 : classes);
        return new DataSplit(
            Label(teacher, rng.Child("train"), "teacher/train", trainCount, classes),
            Label(teacher, rng.Child("test"), "teacher/test", testCount, classes));
    }

    public static DataSplit Regression(Rng rng, int dim, int hidden, int outputs, int trainCount, int testCount, double noise = 0.0)
    {
        var teacher = Teacher.Draw(rng.Child("teacher"), dim, hidden, outputs);
        return new DataSplit(
            Regress(teacher, rng.Child("train"), "teacher/train", trainCount, noise),
            Regress(teacher, rng.Child("test"), "teacher/test", testCount, 0.0));
    }

    private static Dataset Label(Teacher t, Rng rng, string name, int count, int classes)
    {
        var x = t.Inputs(rng, count);
        var labels = new int[count];
        var o = new double[t.Outputs];
        for (int i = 0; i < count; i++)
        {
            t.Eval(x.AsSpan(i * t.Dim, t.Dim), o);
            if (classes == 2) labels[i] = o[0] > 0 ? 1 : 0;
            else labels[i] = Array.IndexOf(o, o.Max());
        }

        return new Dataset(name, x, count, t.Dim, labels, classes);
    }

    private static Dataset Regress(Teacher t, Rng rng, string name, int count, double noise)
    {
        var x = t.Inputs(rng, count);
        var y = new float[count * t.Outputs];
        var o = new double[t.Outputs];
        for (int i = 0; i < count; i++)
        {
            t.Eval(x.AsSpan(i * t.Dim, t.Dim), o);
            for (int k = 0; k < t.Outputs; k++) y[i * t.Outputs + k] = (float)(o[k] + noise * rng.NextNormal());
        }

        return new Dataset(name, x, count, t.Dim, null, 0, y, t.Outputs);
    }

    private sealed record Teacher(int Dim, int Hidden, int Outputs, double[] W, double[] V)
    {
        public static Teacher Draw(Rng rng, int dim, int hidden, int outputs)
        {
            var w = new double[hidden * dim];
            var v = new double[outputs * hidden];
            rng.Normal<double>(w, 0, 1);
            rng.Normal<double>(v, 0, 1);
            return new Teacher(dim, hidden, outputs, w, v);
        }

        public float[] Inputs(Rng rng, int count)
        {
            var x = new float[count * Dim];
            rng.Normal<float>(x, 0f, 1f);
            return x;
        }

        // f*(x) = V tanh(W x / sqrt(d)) / sqrt(h)
        public void Eval(ReadOnlySpan<float> x, Span<double> o)
        {
            var h = new double[Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                double s = 0;
                for (int i = 0; i < Dim; i++) s += W[j * Dim + i] * x[i];
                h[j] = Math.Tanh(s / Math.Sqrt(Dim));
            }

            for (int k = 0; k < Outputs; k++)
            {
                double s = 0;
                for (int j = 0; j < Hidden; j++) s += V[k * Hidden + j] * h[j];
                o[k] = s / Math.Sqrt(Hidden);
            }
        }
    }
}
