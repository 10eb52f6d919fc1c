using System.Globalization;

namespace Tdlab.Tensors.Io;

/// <summary>
/// Parser for the header dict of a .npy file, a Python literal such as
/// "{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }": keys in any order, each exactly once. Problems throw InvalidDataException naming the file.
/// </summary>
internal sealed record NpyHeader(string Descr, int[] Shape)
{
    public static NpyHeader Parse(string text, string name)
    {
        var p = new Parser(text, name);
        string? descr = null; bool? fortran = null; int[]? shape = null;
        p.Expect('{');
        while (!p.TryTake('}'))
        {
            string key = p.String();
            p.Expect(':');
            switch (key)
            {
                case "descr" when descr is null: descr = p.String(); break;
                case "fortran_order" when fortran is null: fortran = p.Bool(); break;
                case "shape" when shape is null: shape = p.Tuple(); break;
                default: throw p.Error($"unexpected or repeated key '{key}'");
            }
            if (!p.TryTake(',')) { p.Expect('}'); break; }
        }
        p.End();
        if (descr is null || fortran is null || shape is null)
            throw new InvalidDataException($"{name}: header lacks 'descr', 'fortran_order' or 'shape': {text.Trim()}");
        if (fortran.Value)
            throw new InvalidDataException($"{name}: Fortran-order (column-major) arrays are not supported; save with C order.");
        return new NpyHeader(descr, shape);
    }

    sealed class Parser(string text, string name)
    {
        int pos;

        public InvalidDataException Error(string problem)
            => new($"{name}: malformed header ({problem} at character {pos}): {text.Trim()}");

        void SkipSpace() { while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++; }

        public bool TryTake(char c)
        {
            SkipSpace();
            if (pos < text.Length && text[pos] == c) { pos++; return true; }
            return false;
        }

        public void Expect(char c) { if (!TryTake(c)) throw Error($"expected '{c}'"); }

        public void End() { SkipSpace(); if (pos != text.Length) throw Error("trailing text"); }

        public string String()
        {
            SkipSpace();
            if (pos >= text.Length || (text[pos] != '\'' && text[pos] != '"')) throw Error("expected a string");
            char quote = text[pos++];
            int end = text.IndexOf(quote, pos);
            if (end < 0) throw Error("unterminated string");
            string s = text[pos..end];
            pos = end + 1;
            return s;
        }

        public bool Bool()
        {
            SkipSpace();
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
                if (string.CompareOrdinal(text, pos, word, 0, word.Length) == 0) { pos += word.Length; return value; }
            throw Error("expected True or False");
        }

        public int[] Tuple()
        {
            Expect('(');
            var dims = new List<int>();
            while (!TryTake(')'))
            {
                SkipSpace();
                int start = pos;
                while (pos < text.Length && char.IsAsciiDigit(text[pos])) pos++;
                if (!int.TryParse(text.AsSpan(start, pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int d))
                    throw Error("expected a non-negative dimension");
                dims.Add(d);
                if (!TryTake(',')) { Expect(')'); break; }
            }
            return [.. dims];
        }
    }
}
