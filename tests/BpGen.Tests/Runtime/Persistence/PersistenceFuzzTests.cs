using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using static BpGen.Tests.Runtime.ParameterFiles;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Valid files, mutated: every outcome is a load of exactly the file's parameters (all finite) or an
/// <see cref="InvalidDataException"/> with the loader untouched; never another exception or a crash.
/// The cases come from one <see cref="PCG"/> made from a fixed seed and run in order on one thread
/// (CsCheck's Sample fixes only its first iteration by the seed), so a run reproduces whole; a
/// failure names the case.
/// </summary>
public class PersistenceFuzzTests
{
    private const int Cases = 4000;

    /// <summary>A change to a file, named for the failure message.</summary>
    private sealed record Mutation<T>(string Name, Func<T, T> Apply)
    {
        public override string ToString() => Name;
    }

    private static readonly int[] Int32s = [0, 1, -1, 2, 3, 4, 8, 17, 18, 255, 4096, 4097, int.MaxValue, int.MinValue, 1 << 30];

    private static readonly float[] Floats = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -float.MaxValue, float.Epsilon, -0f, 1e-30f];

    private static readonly Gen<Mutation<byte[]>> ByteMutation = Gen.OneOf(
        from position in Gen.Int[0, 104]
        from bit in Gen.Int[0, 7]
        select new Mutation<byte[]>($"flip bit {bit} of byte {position}", f => Edit(f, g => g[Math.Min(position, g.Length - 1)] ^= (byte)(1 << bit))),
        from length in Gen.Int[0, 104]
        select new Mutation<byte[]>($"truncate to {length}", f => f[..Math.Min(length, f.Length)]),
        from position in Gen.Int[0, 105]
        from bytes in Gen.Byte.Array[1, 8]
        select new Mutation<byte[]>($"insert {Convert.ToHexString(bytes)} at {position}", f => [.. f[..Math.Min(position, f.Length)], .. bytes, .. f[Math.Min(position, f.Length)..]]),
        from position in Gen.Int[0, 104]
        from count in Gen.Int[1, 16]
        select new Mutation<byte[]>($"delete {count} at {position}", f => [.. f[..Math.Min(position, f.Length)], .. f[Math.Min(position + count, f.Length)..]]),
        from source in Gen.Int[0, 104]
        from to in Gen.Int[0, 104]
        from count in Gen.Int[1, 32]
        select new Mutation<byte[]>($"copy {count} from {source} over {to}", f => CopyWithin(f, source, to, count)),
        from other in Gen.OneOfConst(nameof(XorNet), nameof(TestNetDouble), nameof(RegressionNet))
        from at in Gen.Int[0, 120]
        select new Mutation<byte[]>($"{other}'s file up to {at}, then this one's", f => [.. OtherFile(other)[..Math.Min(at, OtherFile(other).Length)], .. f[Math.Min(at, f.Length)..]]),
        from position in Gen.Int[0, 101]
        from value in Gen.OneOfConst(Int32s)
        select new Mutation<byte[]>($"write {value} at {position}", f => Edit(f, g => BitConverter.TryWriteBytes(g.AsSpan(Math.Min(position, Math.Max(0, g.Length - 4))), value))),
        from k in Gen.Int[0, 16]
        from value in Gen.OneOfConst(Floats)
        select new Mutation<byte[]>($"parameter {k} = {value}", f => Edit(f, g => BitConverter.TryWriteBytes(g.AsSpan(Math.Min(32 + 4 * k, Math.Max(0, g.Length - 4))), value))));

    private static readonly Gen<(Mutation<byte[]>[] Mutations, bool FixCrc)> BinaryCase =
        from mutations in ByteMutation.Array[1, 3]
        from fixCrc in Gen.Bool
        select (mutations, fixCrc);

    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", "\"", ",", ":", "\\", "-", "0", "1e400", "-1e400", "1e-400", "3.5e38", "4.9e-324", "1.7976931348623157e308", "-0",
        "NaN", "\"NaN\"", "Infinity", "true", "null", "\u00A0", "\t", "\u0001", "\u2028", "\"loss\": \"MeanSquaredError\", ", "\"x\": 1, ",
        "\"layers\": [], ", "\uD800", "\\u0041", "01", "1.", ".5", "\u0663",
    ];

    private static readonly string[] Numbers = ["1e400", "-1e39", "3.4028235e38", "3.4028236e38", "1e-46", "-1e-400", "0", "-0", "1.5e+2", "123456789012345678901234567890", "0.0000000000000000000000000000001"];

    private static readonly Gen<Mutation<string>> TextMutation = Gen.OneOf(
        from position in Gen.Int[0, 1000]
        from bit in Gen.Int[0, 6]
        select new Mutation<string>($"flip bit {bit} of character {position}", t => t.Length == 0 ? t : Replace(t, position % t.Length, 1, ((char)(t[position % t.Length] ^ (1 << bit))).ToString())),
        from length in Gen.Int[0, 1000]
        select new Mutation<string>($"truncate to {length}", t => t[..Math.Min(length, t.Length)]),
        from position in Gen.Int[0, 1000]
        from count in Gen.Int[1, 40]
        select new Mutation<string>($"delete {count} at {position}", t => Replace(t, Math.Min(position, t.Length), Math.Min(count, t.Length - Math.Min(position, t.Length)), "")),
        from position in Gen.Int[0, 1000]
        from token in Gen.OneOfConst(Tokens)
        select new Mutation<string>($"insert {Escape(token)} at {position}", t => Replace(t, Math.Min(position, t.Length), 0, token)),
        from position in Gen.Int[0, 1000]
        from depth in Gen.OneOfConst(15, 16, 17, 100, 100_000)
        from bracket in Gen.OneOfConst("[", "{\"a\":")
        select new Mutation<string>($"nest {depth} × {bracket} at {position}", t => Replace(t, Math.Min(position, t.Length), 0, string.Concat(Enumerable.Repeat(bracket, depth)))),
        from source in Gen.Int[0, 1000]
        from to in Gen.Int[0, 1000]
        from count in Gen.Int[1, 80]
        select new Mutation<string>($"copy {count} from {source} to {to}", t => Replace(t, Math.Min(to, t.Length), 0, t.Substring(Math.Min(source, t.Length), Math.Min(count, t.Length - Math.Min(source, t.Length))))),
        from index in Gen.Int[0, 30]
        from number in Gen.OneOfConst(Numbers)
        select new Mutation<string>($"number {index} = {number}", t => ReplaceNumber(t, index, number)));

    [Fact]
    public void Mutated_binary_files_load_exactly_or_are_refused_untouched()
    {
        var pcg = new PCG(1, 20261125);
        byte[] original = Binary();
        int loaded = 0;
        for (int i = 0; i < Cases; i++)
        {
            var (mutations, fixCrc) = BinaryCase.Generate(pcg, null, out _);
            byte[] file = mutations.Aggregate(original, (f, m) => m.Apply(f));
            if (fixCrc && file.Length >= 4)
            {
                file = WithCrc(file);
            }

            loaded += AssertLoadsExactlyOrIsRefused(
                $"case {i}: {string.Join("; ", mutations.AsEnumerable())}{(fixCrc ? "; CRC fixed" : "")}",
                net => net.LoadParameters(new MemoryStream(file)),
                () => Enumerable.Range(0, TestNet.ParameterCount).Select(k => BitConverter.ToSingle(file, 32 + 4 * k)).ToArray()) ? 1 : 0;
        }

        Assert.InRange(loaded, 1, Cases - 1); // both outcomes occur: the mutations reach past the checks
    }

    /// <summary>The same mutations of a 2-3-2 file whose first layer is a GRU (71 parameters), read into a network of that signature.</summary>
    [Fact]
    public void Mutated_recurrent_binary_files_load_exactly_or_are_refused_untouched()
    {
        var pcg = new PCG(3, 20261125);
        var signature = new NetworkSignature([2, 3, 2], [Layer.Gru, Layer.Dense], [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: false);
        int count = (int)signature.ParameterCount;
        var stream = new MemoryStream();
        ParameterFile.Write<float>(stream, signature, Enumerable.Range(0, count).Select(k => 1 + k / 4f).ToArray());
        byte[] original = stream.ToArray();
        int loaded = 0;
        for (int i = 0; i < Cases / 4; i++)
        {
            var (mutations, fixCrc) = BinaryCase.Generate(pcg, null, out _);
            byte[] file = mutations.Aggregate(original, (f, m) => m.Apply(f));
            if (fixCrc && file.Length >= 4)
            {
                file = WithCrc(file);
            }

            float[] parameters = Enumerable.Repeat(-1f, count).ToArray();
            loaded += AssertLoadsExactlyOrIsRefused(
                $"case {i}: {string.Join("; ", mutations.AsEnumerable())}{(fixCrc ? "; CRC fixed" : "")}",
                () => ParameterFile.Read<float>(new MemoryStream(file), signature, parameters, out _, out _),
                () => parameters,
                scalingKept: () => true,
                () => Enumerable.Range(0, count).Select(k => BitConverter.ToSingle(file, 32 + 4 * k)).ToArray()) ? 1 : 0;
        }

        Assert.InRange(loaded, 1, Cases / 4 - 1);
    }

    [Fact]
    public void Mutated_json_documents_load_exactly_or_are_refused_untouched()
    {
        var pcg = new PCG(2, 20261125);
        string original = Json();
        int loaded = 0;
        for (int i = 0; i < Cases; i++)
        {
            var mutations = TextMutation.Array[1, 3].Generate(pcg, null, out _);
            string json = mutations.Aggregate(original, (t, m) => m.Apply(t));

            loaded += AssertLoadsExactlyOrIsRefused(
                $"case {i}: {string.Join("; ", mutations.AsEnumerable())}",
                net => net.ImportParametersJson(new StringReader(json)),
                () => ValuesOf(json)) ? 1 : 0;
        }

        Assert.InRange(loaded, 1, Cases - 1);
    }

    /// <summary>True when the file loaded (with exactly its values), false when it was refused (with the parameters untouched).</summary>
    private static bool AssertLoadsExactlyOrIsRefused(string name, Action<TestNet> load, Func<float[]> fileValues)
    {
        var net = Loader();
        var scaling = new Standardizer([1, 2], [3, 4]);
        net.InputScaling = scaling;
        return AssertLoadsExactlyOrIsRefused(name, () => load(net), () => net.Parameters.ToArray(), () => ReferenceEquals(scaling, net.InputScaling), fileValues);
    }

    /// <summary>
    /// True when <paramref name="load"/> loaded exactly the file's values into what <paramref name="parameters"/>
    /// reads, false when it was refused with the parameters and the scaling (<paramref name="scalingKept"/>) untouched.
    /// </summary>
    private static bool AssertLoadsExactlyOrIsRefused(string name, Action load, Func<float[]> parameters, Func<bool> scalingKept, Func<float[]> fileValues)
    {
        int[] before = Bits(parameters());
        try
        {
            load();
        }
        catch (InvalidDataException)
        {
            Assert.True(before.SequenceEqual(Bits(parameters())), $"{name}: refused, but the parameters changed");
            Assert.True(scalingKept(), $"{name}: refused, but the scaling changed");
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{name}: {e}");
        }

        float[] expected;
        try
        {
            expected = fileValues();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{name}: loaded a file that is not valid: {e.Message}");
        }

        Assert.True(expected.All(float.IsFinite), $"{name}: loaded non-finite values");
        Assert.True(Bits(expected).SequenceEqual(Bits(parameters())), $"{name}: loaded values that are not the file's");
        return true;
    }

    /// <summary>The weights and biases as a strict, independent JSON reader finds them.</summary>
    private static float[] ValuesOf(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("layers").EnumerateArray()
            .SelectMany(layer => layer.GetProperty("weights").EnumerateArray().SelectMany(row => row.EnumerateArray()).Concat(layer.GetProperty("biases").EnumerateArray()))
            .Select(value => float.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static byte[] Edit(byte[] file, Action<byte[]> edit)
    {
        byte[] copy = file.ToArray();
        if (copy.Length > 0)
        {
            edit(copy);
        }

        return copy;
    }

    /// <summary>The file with <paramref name="count"/> of its bytes from <paramref name="from"/> copied over those at <paramref name="to"/>, as far as both reach.</summary>
    private static byte[] CopyWithin(byte[] file, int from, int to, int count)
    {
        byte[] copy = file.ToArray();
        from = Math.Min(from, copy.Length);
        to = Math.Min(to, copy.Length);
        Array.Copy(file, from, copy, to, Math.Min(count, Math.Min(copy.Length - from, copy.Length - to)));
        return copy;
    }

    private static byte[] OtherFile(string name)
    {
        INetwork<float>? floats = name == nameof(XorNet) ? new XorNet() : name == nameof(RegressionNet) ? new RegressionNet() : null;
        var stream = new MemoryStream();
        if (floats is not null)
        {
            floats.SaveParameters(stream);
        }
        else
        {
            new TestNetDouble().SaveParameters(stream);
        }

        return stream.ToArray();
    }

    private static string Replace(string text, int start, int length, string replacement) => text[..start] + replacement + text[(start + length)..];

    private static string ReplaceNumber(string text, int index, string number)
    {
        var matches = Regex.Matches(text, @"-?\d+(\.\d+)?([eE][+-]?\d+)?");
        if (matches.Count == 0)
        {
            return text;
        }

        Match match = matches[index % matches.Count];
        return Replace(text, match.Index, match.Length, number);
    }

    private static string Escape(string token) => string.Concat(token.Select(c => c is < ' ' or > '~' ? $"U+{(int)c:X4}" : c.ToString()));
}
