using static BpGen.Tests.Runtime.ParameterFiles;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Every kind of bad JSON parameter document for a 2-3-2 float TestNet is refused with what was
/// expected and found, the loader untouched. The source document's values are 1, 1.25, … 5.
/// </summary>
public class JsonRefusalTests
{
    [Fact]
    public void The_source_document_loads()
    {
        var net = Loader();
        net.ImportParametersJson(new StringReader(Json()));
        Assert.Equal(Bits(Source().Parameters), Bits(net.Parameters));
    }

    /// <summary>The source document with <paramref name="find"/> (which must occur) replaced.</summary>
    private static string Edited(string find, string replace)
    {
        string json = Json();
        Assert.Contains(find, json);
        return json.Replace(find, replace, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"format\": \"BpGen parameters\"", "\"format\": \"BpGen params\"", "\"format\" should be \"BpGen parameters\", but it is \"BpGen params\"")]
    [InlineData("\"format\": \"BpGen parameters\"", "\"format\": 1", "format should be a string, but it is 1")]
    [InlineData("\"version\": 2", "\"version\": 3", "The document has version 3; this version of BpGen reads versions 1 and 2")]
    [InlineData("\"version\": 2", "\"version\": 2.0", "version should be a whole number, but it is 2.0")]
    [InlineData("\"elementType\": \"float\"", "\"elementType\": \"double\"", "the file holds double values, the network float ones", "It holds a 2-3-2 double network (Sigmoid, Identity; SoftmaxCrossEntropy); this is a 2-3-2 float network")]
    [InlineData("\"elementType\": \"float\"", "\"elementType\": \"half\"", "\"elementType\" should be \"float\" or \"double\", but it is \"half\"")]
    [InlineData("\"sizes\": [2, 3, 2]", "\"sizes\": [2, 4, 2]", "layers[0].weights should have 4 rows, but it has 3")]
    [InlineData("\"sizes\": [2, 3, 2]", "\"sizes\": [2, 0, 2]", "\"sizes\" (2-0-2) and \"activations\" (2) do not describe a network: BpGen reads", "at least one neuron each")]
    [InlineData("\"sizes\": [2, 3, 2]", "\"sizes\": [2, 4093, 2]", "\"sizes\" (2-4093-2) and \"activations\" (2) do not describe a network", "4096 neurons in all")]
    [InlineData("\"sizes\": [2, 3, 2]", "\"sizes\": [2, 3, 3, 2]", "\"sizes\" (2-3-3-2) and \"activations\" (2) do not describe a network")]
    [InlineData("\"sizes\": [2, 3, 2]", "\"sizes\": [2, 3.5, 2]", "sizes[1] should be a whole number, but it is 3.5")]
    [InlineData("\"activations\": [\"Sigmoid\", \"Identity\"]", "\"activations\": [\"Tanh\", \"Identity\"]", "holds a 2-3-2 float network (Tanh, Identity; SoftmaxCrossEntropy)")]
    [InlineData("\"Sigmoid\"", "\"Sigmod\"", "activations[0] should name an Activation (Identity, Sigmoid, Tanh, ReLU, LeakyReLU, Softplus, ELU), but it is \"Sigmod\"")]
    [InlineData("\"Sigmoid\"", "\" 1\"", "activations[0] should name an Activation", "but it is \" 1\"")]
    [InlineData("\"Sigmoid\"", "\"sigmoid\"", "activations[0] should name an Activation", "but it is \"sigmoid\"")]
    [InlineData("\"Sigmoid\"", "\"Sigmoid, Identity\"", "activations[0] should name an Activation", "but it is \"Sigmoid, Identity\"")]
    [InlineData("\"loss\": \"SoftmaxCrossEntropy\"", "\"loss\": \"MeanSquaredError\"", "the file is for Loss.MeanSquaredError, the attribute says Loss.SoftmaxCrossEntropy", "It holds a 2-3-2 float network (Sigmoid, Identity; MeanSquaredError); this is a 2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy)")]
    [InlineData("\"loss\": \"SoftmaxCrossEntropy\"", "\"loss\": \"Hinge\"", "loss should name a Loss (MeanSquaredError, SoftmaxCrossEntropy, BinaryCrossEntropy), but it is \"Hinge\"")]
    public void Header_of_another_network_or_malformed(string find, string replace, params string[] message) =>
        AssertJsonRefused(Edited(find, replace), message);

    [Theory]
    [InlineData("[1, 1.25]", "[1]", "layers[0].weights[0] should have 2 values, but it has 1")]
    [InlineData("[1, 1.25]", "[1, 1.25, 0]", "layers[0].weights[0] should have 2 values, but it has 3")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, 2.75]", "layers[0].biases should have 3 values, but it has 2")]
    [InlineData("        [1.5, 1.75],\n", "", "layers[0].weights should have 3 rows, but it has 2")]
    [InlineData("\"biases\": [2.5, 2.75, 3]", "\"biases\": 2.5", "layers[0].biases should be an array, but it is 2.5")]
    public void Wrong_parameter_count(string find, string replace, string message) =>
        AssertJsonRefused(Edited(find, replace), message);

    [Fact]
    public void Another_number_of_layers()
    {
        string json = Edited("    }\n  ]\n}", "    },\n    { \"weights\": [], \"biases\": [] }\n  ]\n}");
        AssertJsonRefused(json, "\"layers\" should have 2 entries, but it has 3");
    }

    [Theory]
    [InlineData("  \"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\"")]
    [InlineData("  \"version\": 2,\n", "\"version\"")]
    [InlineData(",\n      \"biases\": [2.5, 2.75, 3]", "\"biases\"")]
    public void Missing_key(string find, string name) =>
        AssertJsonRefused(Edited(find, ""), $"The member {name} of ", " is missing; found");

    [Fact]
    public void A_missing_member_written_in_another_case_is_named_with_its_place() =>
        AssertJsonRefused(
            Edited("\"kind\": \"Dense\"", "\"Kind\": \"Dense\""),
            "The member \"kind\" of layers[0] is missing (\"Kind\" differs from it in case or underscores only); found \"Kind\", \"weights\", \"biases\".");

    [Fact]
    public void A_member_name_of_any_length_or_character_makes_a_short_message()
    {
        string name = "\\u0001" + new string('x', 100_000);
        var error = Assert.Throws<InvalidDataException>(() => Loader().ImportParametersJson(new StringReader(Edited("\"version\": 2", $"\"{name}\": 1, \"version\": 2"))));

        Assert.StartsWith("The member \"\\u0001xxx", error.Message, StringComparison.Ordinal);
        Assert.Contains("…\" (100001 characters) of the document is none of those it may have", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Theory]
    [InlineData("  \"loss\": \"SoftmaxCrossEntropy\",\n", "  \"loss\": \"SoftmaxCrossEntropy\",\n  \"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\"")]
    [InlineData("\"biases\": [2.5, 2.75, 3]", "\"biases\": [0, 0, 0], \"biases\": [2.5, 2.75, 3]", "\"biases\"")]
    public void Duplicate_key(string find, string replace, string name) =>
        AssertJsonRefused(Edited(find, replace), "Malformed JSON at character", $"{name} only once");

    [Theory]
    [InlineData("[2.5, 2.75, 3]", "[2.5, \"x\", 3]", "layers[0].biases[1] should be a number, but it is the string \"x\"")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, \"2.75\", 3]", "layers[0].biases[1] should be a number, but it is the string \"2.75\"")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, \"NaN\", 3]", "layers[0].biases[1] should be a number, but it is the string \"NaN\"")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, true, 3]", "layers[0].biases[1] should be a number, but it is true")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, null, 3]", "layers[0].biases[1] should be a number, but it is null")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, [2.75], 3]", "layers[0].biases[1] should be a number, but it is an array")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, {}, 3]", "layers[0].biases[1] should be a number, but it is an object")]
    public void Value_that_is_not_a_number(string find, string replace, string message) =>
        AssertJsonRefused(Edited(find, replace), message);

    [Theory]
    [InlineData("[2.5, 2.75, 3]", "[2.5, 1e400, 3]", "layers[0].biases[1] is 1e400, which is +∞ as a float")]
    [InlineData("[2.5, 2.75, 3]", "[2.5, -1e39, 3]", "layers[0].biases[1] is -1e39, which is −∞ as a float")]
    [InlineData("[4, 4.25, 4.5]", "[4, 3.5e38, 4.5]", "layers[1].weights[1][1] is 3.5e38, which is +∞ as a float")]
    public void Non_finite_value(string find, string replace, string message) =>
        AssertJsonRefused(Edited(find, replace), message, "finite numbers only");

    [Fact]
    public void Non_finite_double()
    {
        var saved = new TestNetDouble();
        saved.Parameters[6] = 0.5; // b1[0]
        var writer = new StringWriter();
        saved.ExportParametersJson(writer);
        string json = writer.ToString();
        Assert.Contains("\"biases\": [0.5, ", json);
        json = json.Replace("\"biases\": [0.5, ", "\"biases\": [1e400, ", StringComparison.Ordinal);
        var net = new TestNetDouble();
        net.InitializeParameters(5);
        double[] before = net.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => net.ImportParametersJson(new StringReader(json)));

        Assert.Contains("layers[0].biases[0] is 1e400, which is +∞ as a double", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(200_000)]
    public void Nesting_deeper_than_any_parameter_document(int depth) =>
        AssertJsonRefused(new string('[', depth) + new string(']', depth), "Malformed JSON at character 16: expected at most 16 nested arrays and objects");

    [Fact]
    public void Nesting_deep_in_the_values() =>
        AssertJsonRefused(Edited("[2.5, 2.75, 3]", "[2.5, " + new string('[', 100_000) + "2.75" + new string(']', 100_000) + ", 3]"), "expected at most 16 nested arrays and objects");

    [Fact]
    public void Empty_arrays_and_objects_leave_no_level_behind() =>
        // Forty empty values at one level parse (deeper nesting would be refused as such first), and only
        // then is the member they sit in judged, as one the document may not have.
        AssertJsonRefused(
            Edited("\"version\": 2", "\"notes\": [" + string.Join(", ", Enumerable.Repeat("{}, []", 20)) + "], \"version\": 2"),
            "The member \"notes\" of the document is none of those it may have");

    [Fact]
    public void A_message_names_at_most_eight_sizes_however_many_the_document_holds() =>
        AssertJsonRefused(Edited("\"sizes\": [2, 3, 2]", "\"sizes\": [" + string.Join(", ", Enumerable.Repeat(1, 100_000)) + "]"), "\"sizes\" (1-1-1-1-1-1-1-1-… (100000 sizes)) and");

    [Fact]
    public void Sixteen_levels_parse_and_are_then_judged_as_a_document() =>
        AssertJsonRefused(new string('[', 16) + new string(']', 16), "the document should be an object, but it is an array");

    [Theory]
    [InlineData("\"Sigmoid\"", "\"Sig\tmoid\"", "U+0009")]
    [InlineData("\"BpGen parameters\"", "\"BpGen\nparameters\"", "U+000A")]
    [InlineData("\"Sigmoid\"", "\"Sig\u0001moid\"", "U+0001")]
    public void Raw_control_character_in_a_string(string find, string replace, string name) =>
        AssertJsonRefused(Edited(find, replace), "Malformed JSON at character", "control character", $"found {name}");

    [Theory]
    [InlineData("\u00A0", "U+00A0")]
    [InlineData("\v", "U+000B")]
    [InlineData("\f", "U+000C")]
    [InlineData("\u2028", "U+2028")]
    [InlineData("\u3000", "U+3000")]
    public void Whitespace_json_does_not_allow(string space, string name) =>
        AssertJsonRefused(Edited("\"loss\": ", "\"loss\":" + space), "Malformed JSON at character", $"found {name}");

    [Theory]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData("-.5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.5.5")]
    [InlineData("1-2")]
    [InlineData("--1")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData(".5")]
    [InlineData("\u0663")]
    public void Number_json_does_not_allow(string number) =>
        AssertJsonRefused(Edited("[2.5, 2.75, 3]", $"[2.5, {number}, 3]"), "Malformed JSON at character");

    [Theory]
    [InlineData("\\u 12 ")]
    [InlineData("\\u12")]
    [InlineData("\\x41")]
    public void Malformed_escape(string escape) =>
        AssertJsonRefused(Edited("\"Sigmoid\"", $"\"Sig{escape}moid\""), "Malformed JSON at character", "escape");

    [Theory]
    [InlineData("", "Malformed JSON at character 0: expected a value, but found the end of the text")]
    [InlineData("[1, 2]", "the document should be an object, but it is an array")]
    [InlineData("{ \"format\": \"BpGen parameters\" ", "Malformed JSON at character 31: expected '}', but found the end of the text")]
    [InlineData("{} {}", "Malformed JSON at character 3: expected the end of the document, but found '{'")]
    [InlineData("{ \"format\": \"BpGen parameters\", }", "expected a member name in quotes, but found '}'")]
    [InlineData("{ \"format\": tru }", "expected a value")]
    public void Malformed_document(string json, string message) =>
        AssertJsonRefused(json, message);

    [Fact]
    public void Every_truncation_is_refused()
    {
        string json = Json();
        for (int length = 0; length < json.TrimEnd().Length; length++)
        {
            AssertJsonRefused(json[..length]);
        }
    }

    [Fact]
    public void A_reader_that_fails_midway_throws_its_own_error_and_nothing_changes() =>
        AssertRefused<IOException>(net => net.ImportParametersJson(new FailingReader(Json(), failAfter: 100)), "The disk went away.");

    /// <summary>Serves a text, then throws as a network or disk would.</summary>
    private sealed class FailingReader(string content, int failAfter) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The disk went away.");
            }

            int n = Math.Min(count, failAfter - _position);
            content.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }

        public override int Read() => throw new NotSupportedException();

        public override int Peek() => throw new NotSupportedException();
    }
}
