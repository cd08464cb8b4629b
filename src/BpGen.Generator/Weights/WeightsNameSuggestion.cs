using System;
using System.Collections.Generic;
using System.Linq;
using BpGen.Generator.Diagnostics;
using BpGen.Generator.Model;

namespace BpGen.Generator.Weights;

/// <summary>
/// BPG011 for a Weights name no additional file matches, suggesting the names of the files the user most
/// likely meant: those whose path ends like the name but for a typo or two ("wine.onx" for wine.onnx), or
/// ends with the same file name in another folder ("model/wine.onnx" for trained/wine.onnx). With no such
/// file, the advice is to list the file as an additional file.
/// </summary>
internal static class WeightsNameSuggestion
{
    /// <summary>More edits than this is another name, not a typo.</summary>
    private const int MaxEdits = 3;

    /// <summary>Longer names and path ends are not compared, so that comparing stays cheap whatever the input.</summary>
    private const int MaxCompared = 260;

    /// <summary>At most this many suggestions, the nearest first.</summary>
    private const int MaxSuggestions = 3;

    public static DiagnosticInfo Diagnose(WeightsReference reference, EquatableArray<string> paths)
    {
        IReadOnlyList<string> suggestions = Suggest(reference.Name, paths.ToArray());
        string advice = WeightsFile.Segments(reference.Name).Length == 0
            ? "it names no file; give the name of an additional file, or the end of its path (\"model.onnx\", \"models/model.onnx\")"
            : suggestions.Count == 0
            ? $"add <AdditionalFiles Include=\"{reference.Name}\" /> to the project file, with the file's path from the project's folder"
            : $"did you mean Weights = {string.Join(" or ", suggestions.Select(s => $"\"{s}\""))}?";
        return DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileNotListed, null, reference.Name, advice) with { Location = reference.Location };
    }

    /// <summary>
    /// Weights values naming the additional files nearest to <paramref name="name"/>, each as many trailing
    /// segments of the file's path as <paramref name="name"/> has, or more where that would also match
    /// another file (so that no suggestion is ambiguous).
    /// </summary>
    private static IReadOnlyList<string> Suggest(string name, string[] paths)
    {
        string[] nameSegments = WeightsFile.Segments(name);
        if (nameSegments.Length == 0)
        {
            return Array.Empty<string>();
        }

        string written = string.Join("/", nameSegments);
        int allowed = Math.Min(MaxEdits, Math.Max(1, written.Length / 3));
        var near = new List<(int Distance, string Path)>();
        foreach (string path in paths)
        {
            string[] pathSegments = WeightsFile.Segments(path);
            if (pathSegments.Length < nameSegments.Length)
            {
                continue;
            }

            string end = string.Join("/", pathSegments.Skip(pathSegments.Length - nameSegments.Length));
            int distance = Distance(written, end, allowed);
            bool sameFileName = pathSegments[pathSegments.Length - 1] == nameSegments[nameSegments.Length - 1];
            if (distance <= allowed || sameFileName)
            {
                near.Add((distance, path));
            }
        }

        return near
            .OrderBy(n => n.Distance)
            .ThenBy(n => n.Path, StringComparer.Ordinal)
            .Select(n => UniqueName(n.Path, nameSegments.Length, paths))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .ToList();
    }

    /// <summary>The shortest end of <paramref name="path"/>, of at least <paramref name="segments"/> segments, that matches no other path.</summary>
    private static string UniqueName(string path, int segments, string[] paths)
    {
        string[] pathSegments = WeightsFile.Segments(path);
        for (int count = segments; count < pathSegments.Length; count++)
        {
            string candidate = string.Join("/", pathSegments.Skip(pathSegments.Length - count));
            if (paths.Count(p => WeightsFile.Matches(p, candidate)) == 1)
            {
                return candidate;
            }
        }

        return string.Join("/", pathSegments);
    }

    /// <summary>
    /// The Levenshtein distance between <paramref name="a"/> and <paramref name="b"/>, or
    /// <paramref name="allowed"/> + 1 for anything further (or too long to compare).
    /// </summary>
    private static int Distance(string a, string b, int allowed)
    {
        if (Math.Abs(a.Length - b.Length) > allowed || a.Length > MaxCompared || b.Length > MaxCompared)
        {
            return allowed + 1;
        }

        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
        int[] current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return Math.Min(previous[b.Length], allowed + 1);
    }
}
