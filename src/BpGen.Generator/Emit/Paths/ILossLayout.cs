using System;
using System.Collections.Generic;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// How a code path writes the loss step that <see cref="LossEmitter"/> decides: the names of output i's
/// values, the softmax's normalizer, and where the per-output statements go (one sum over constant
/// indices, or inside the path's loop).
/// </summary>
internal interface ILossLayout
{
    /// <summary>Output i's values; the span paths' one loop body stands for every output, so they ignore i.</summary>
    OutputValues Output(int i);

    /// <summary>
    /// Writes what the softmax needs before the outputs' loss (if anything) and says how ln Σ e^z and p_i
    /// are read; or writes the whole softmax loss step itself (J and δ^L) and returns null.
    /// </summary>
    SoftmaxNormalizer? Softmax(CodeWriter w);

    /// <summary>
    /// Writes J into <c>loss</c> and δ^L: the comments (null when the softmax's normalizer wrote them),
    /// the <paramref name="shared"/> statements every output reads, then what <paramref name="perOutput"/>
    /// says of each output.
    /// </summary>
    void Write(CodeWriter w, LossComments? comments, IReadOnlyList<string> shared, Func<OutputValues, OutputLoss> perOutput);
}

/// <summary>
/// Output i's values as a path names them: its logit z_i, target y_i, error δ_i, and the activation a_i
/// where the forward pass kept it as a local (null on the span paths, which kept only z^L).
/// <paramref name="LocalSuffix"/> sets apart the locals of one output from another's.
/// </summary>
internal sealed record OutputValues(string Logit, string Target, string Error, string? Activation, string LocalSuffix)
{
    /// <summary>The name of one of this output's locals: <c>error</c> in a loop body, <c>error2_0</c> unrolled.</summary>
    public string Local(string name) => name + LocalSuffix;
}

/// <summary>
/// The softmax's normalizer as a path computes it: <paramref name="Statements"/> that give ln Σ e^(z − max)
/// the name <paramref name="LogSum"/>, the largest logit's name <paramref name="Max"/>, how p_i is read (null
/// when p already is in δ^L, to be turned into p − y there), and J's notation (null when the normalizer
/// has written the step's comments itself).
/// </summary>
internal sealed record SoftmaxNormalizer(IReadOnlyList<string> Statements, string LogSum, string Max, Func<OutputValues, string?> Probability, string? Notation);

/// <summary>The loss step's comments: J and δ^L.</summary>
internal sealed record LossComments(string Loss, string OutputError);

/// <summary>
/// What one output contributes: the locals it declares first, its share of J (<paramref name="Term"/>, J
/// being the sum of the outputs' terms, each in parentheses to stay one summand when
/// <paramref name="TermIsSum"/>; <paramref name="TermsPerLine"/> of them fit a line), and its error δ_i.
/// </summary>
internal sealed record OutputLoss(IReadOnlyList<(string Name, string Value)> Locals, string Term, bool TermIsSum, int TermsPerLine, OutputErrorValue Error);

/// <summary>δ_i written with <paramref name="Operator"/> "=" or, when δ^L already holds p, "-=".</summary>
internal sealed record OutputErrorValue(string Operator, string Value);
