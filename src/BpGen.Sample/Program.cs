using BpGen;
using BpGen.Sample;

// dotnet run --project src/BpGen.Sample [digits | sequence | iris | diabetes | testnet | frozen | all]
string choice = args.Length > 0 ? args[0].ToLowerInvariant() : "digits";
var runs = new Dictionary<string, Action>
{
    ["digits"] = () => Demos.Classify(DataSets.Digits(), () => new DigitsNet(), Settings.Digits()),
    ["sequence"] = () => Demos.Sequence(DataSets.Digits(), Settings.DigitsSequence()),
    ["iris"] = () => Demos.Classify(DataSets.Iris(), () => new IrisNet(), Settings.Iris()),
    ["diabetes"] = () => Demos.Regress(DataSets.Diabetes(), new DiabetesNet(), Settings.Diabetes()),
    ["testnet"] = () => Demos.TestNetCircle(Settings.TestNet()),
    ["frozen"] = () => Demos.Frozen(DataSets.Digits()),
};

if (choice == "all")
{
    foreach (Action run in runs.Values)
    {
        run();
    }
}
else if (runs.TryGetValue(choice, out Action? selected))
{
    selected();
}
else
{
    Console.Error.WriteLine($"Unknown data set '{args[0]}'. Choose one of: {string.Join(", ", runs.Keys)}, all.");
    return 2;
}

return 0;
