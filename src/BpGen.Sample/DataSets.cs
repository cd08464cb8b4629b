using System.Globalization;
using System.IO.Compression;

namespace BpGen.Sample;

/// <summary>Samples with class labels: inputs sample after sample.</summary>
public sealed record LabeledData(string Name, float[] Inputs, int[] Labels, int FeatureCount, string[] ClassNames)
{
    public int Count => Labels.Length;
}

/// <summary>Samples with one numeric target each.</summary>
public sealed record RegressionData(string Name, float[] Inputs, float[] Targets, int FeatureCount)
{
    public int Count => Targets.Length;
}

/// <summary>The real data sets shipped in Data/ (UCI, as distributed with scikit-learn).</summary>
public static class DataSets
{
    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Data", file);

    /// <summary>150 iris flowers: sepal and petal length and width; setosa, versicolor, virginica.</summary>
    public static LabeledData Iris()
    {
        string[] lines = File.ReadAllLines(PathOf("iris.csv"));
        string[] header = lines[0].Split(',');
        int count = int.Parse(header[0], CultureInfo.InvariantCulture);
        int features = int.Parse(header[1], CultureInfo.InvariantCulture);
        return Labeled("iris", lines.Skip(1).Take(count), features, header.Skip(2).ToArray());
    }

    /// <summary>1,797 handwritten digits, 8×8 grey levels from 0 to 16.</summary>
    public static LabeledData Digits() =>
        Labeled("digits", ReadGzipLines("digits.csv.gz"), 64, Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray());

    /// <summary>442 diabetes patients: ten baseline measurements, and disease progression one year later.</summary>
    public static RegressionData Diabetes()
    {
        float[][] rows = ReadGzipLines("diabetes_data_raw.csv.gz")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseFloat).ToArray())
            .ToArray();
        float[] targets = ReadGzipLines("diabetes_target.csv.gz").Select(ParseFloat).ToArray();
        return new RegressionData("diabetes", rows.SelectMany(r => r).ToArray(), targets, rows[0].Length);
    }

    private static LabeledData Labeled(string name, IEnumerable<string> lines, int features, string[] classNames)
    {
        var inputs = new List<float>();
        var labels = new List<int>();
        foreach (string line in lines.Where(l => l.Length > 0))
        {
            string[] fields = line.Split(',');
            inputs.AddRange(fields.Take(features).Select(ParseFloat));
            labels.Add(int.Parse(fields[features], CultureInfo.InvariantCulture));
        }

        return new LabeledData(name, inputs.ToArray(), labels.ToArray(), features, classNames);
    }

    private static IEnumerable<string> ReadGzipLines(string file)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(PathOf(file)), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static float ParseFloat(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
