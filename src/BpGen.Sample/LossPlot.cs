using ScottPlot;

namespace BpGen.Sample;

/// <summary>Draws the loss of every epoch as a PNG.</summary>
public static class LossPlot
{
    public static string Save(TrainingReport report, string title, string path)
    {
        var plot = new Plot();
        double[] epochs = Enumerable.Range(1, report.Loss.Count).Select(e => (double)e).ToArray();
        var training = plot.Add.Scatter(epochs, report.Loss.ToArray());
        training.LegendText = "training loss J(W, b)";
        training.MarkerSize = 0;
        if (report.ValidationLoss.Count == report.Loss.Count)
        {
            var validation = plot.Add.Scatter(epochs, report.ValidationLoss.ToArray());
            validation.LegendText = "validation loss";
            validation.MarkerSize = 0;
        }

        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 800, 500);
        return Path.GetFullPath(path);
    }
}
