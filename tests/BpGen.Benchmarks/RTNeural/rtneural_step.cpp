// Time of one time step of RTNeural's compile-time recurrent layers, for comparison with the
// recurrent networks of RecurrentBenchmarks (RecurrentNetworks.cs) on the same CPU.
//
// Measured networks (float, Eigen backend, RTNeural::ModelT), for n = 8, 16, 32, 64:
//   GRU:  GRULayerT<float, n, n>  followed by DenseT<float, n, 1>
//   LSTM: LSTMLayerT<float, n, n> followed by DenseT<float, n, 1>
//
// One step is one call of model.forward(input). The recurrent state is carried from call to call
// (the model is never reset while timing), as when a model runs over a stream of samples.
//
// Method:
//   - weights are random (fixed seed), scaled by 1/sqrt(fan-in) so the state neither saturates nor dies;
//   - the inputs cycle through a precomputed table of 1024 random input vectors, so nothing is constant;
//   - every output is added to a volatile sink, so no step can be optimised away;
//   - warm-up, then a calibration that picks a step count lasting at least 0.3 s;
//   - 7 timed repetitions with std::chrono::steady_clock; reported: ns per step, minimum and median.
//     The minimum is the figure least disturbed by other work running on the machine.
//
// Build (see run.sh): g++ -O3 -march=native -std=c++17 -DRTNEURAL_USE_EIGEN=1
//                         -I<RTNeural dir> -I<Eigen include dir> rtneural_step.cpp

#ifndef RTNEURAL_USE_EIGEN
#define RTNEURAL_USE_EIGEN 1 // ModelT on the Eigen backend (RTNeural's CMake default)
#endif

// RTNeural's CMake sets the alignment of its Eigen maps: 32 bytes when AVX is enabled
// (RTNEURAL_USE_AVX), 16 otherwise. Follow the instruction set the compiler targets.
#ifndef RTNEURAL_DEFAULT_ALIGNMENT
#if defined(__AVX__)
#define RTNEURAL_DEFAULT_ALIGNMENT 32
#else
#define RTNEURAL_DEFAULT_ALIGNMENT 16
#endif
#endif

// The n = 64 LSTM's combined weight matrix (256 x 129 floats, 132 KB) is over the 128 KB that Eigen
// allows a fixed-size matrix by default (a guard against stack overflow). The models here are
// allocated on the heap, so lift the limit; it is a compile-time check only and changes no code.
#ifndef EIGEN_STACK_ALLOCATION_LIMIT
#define EIGEN_STACK_ALLOCATION_LIMIT 0
#endif

#include <RTNeural/RTNeural.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <vector>

namespace
{
constexpr int TableSize = 1024;    // input vectors cycled through (power of two)
constexpr int Repetitions = 7;     // timed measurements per network
constexpr double MinSeconds = 0.3; // least duration of one measurement
constexpr double WarmupSeconds = 0.2;

volatile float sink = 0.0f;

using Clock = std::chrono::steady_clock;

template <int N>
using GruModel = RTNeural::ModelT<float, N, 1,
    RTNeural::GRULayerT<float, N, N>,
    RTNeural::DenseT<float, N, 1>>;

template <int N>
using LstmModel = RTNeural::ModelT<float, N, 1,
    RTNeural::LSTMLayerT<float, N, N>,
    RTNeural::DenseT<float, N, 1>>;

// rows x cols matrix of uniform values in [-scale, scale].
std::vector<std::vector<float>> randomMatrix(std::mt19937& rng, int rows, int cols, float scale)
{
    std::uniform_real_distribution<float> dist(-scale, scale);
    std::vector<std::vector<float>> m(rows, std::vector<float>(cols));
    for(auto& row : m)
        for(auto& v : row)
            v = dist(rng);
    return m;
}

// Dense n -> 1 head: weights [1][n], bias [1].
template <int N, typename Dense>
void initDense(Dense& dense, std::mt19937& rng)
{
    const float scale = 1.0f / std::sqrt((float)N);
    dense.setWeights(randomMatrix(rng, 1, N, scale));
    const auto bias = randomMatrix(rng, 1, 1, scale);
    dense.setBias(bias[0].data());
}

template <int N>
void initWeights(GruModel<N>& model, std::mt19937& rng)
{
    const float scale = 1.0f / std::sqrt((float)N);
    auto& gru = model.template get<0>();
    gru.setWVals(randomMatrix(rng, N, 3 * N, scale)); // kernel    [in][3 * out]
    gru.setUVals(randomMatrix(rng, N, 3 * N, scale)); // recurrent [out][3 * out]
    gru.setBVals(randomMatrix(rng, 2, 3 * N, scale)); // biases    [2][3 * out]
    initDense<N>(model.template get<1>(), rng);
}

template <int N>
void initWeights(LstmModel<N>& model, std::mt19937& rng)
{
    const float scale = 1.0f / std::sqrt((float)N);
    auto& lstm = model.template get<0>();
    lstm.setWVals(randomMatrix(rng, N, 4 * N, scale));    // kernel    [in][4 * out]
    lstm.setUVals(randomMatrix(rng, N, 4 * N, scale));    // recurrent [out][4 * out]
    lstm.setBVals(randomMatrix(rng, 1, 4 * N, scale)[0]); // bias      [4 * out]
    initDense<N>(model.template get<1>(), rng);
}

// Input table; each row is N floats, aligned as RTNeural's Eigen input map requires.
template <int N>
struct alignas(64) InputTable
{
    float rows[TableSize][N];
};

// Runs `steps` steps, cycling through the input table; returns the elapsed seconds.
template <int N, typename Model>
double runSteps(Model& model, const InputTable<N>& inputs, long steps)
{
    const auto start = Clock::now();
    for(long i = 0; i < steps; ++i)
        sink = sink + model.forward(inputs.rows[i & (TableSize - 1)]);
    const auto stop = Clock::now();
    return std::chrono::duration<double>(stop - start).count();
}

struct Result
{
    double minNs;
    double medianNs;
};

template <int N, typename Model>
Result measure(unsigned seed)
{
    std::mt19937 rng(seed);
    auto model = std::make_unique<Model>(); // heap: the N = 64 weights are ~100 KB
    initWeights<N>(*model, rng);
    model->reset();

    auto inputs = std::make_unique<InputTable<N>>();
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for(auto& row : inputs->rows)
        for(auto& v : row)
            v = dist(rng);

    // Warm-up, doubling the step count until it lasts WarmupSeconds; then choose the step count of
    // one measurement from the rate seen, so that it lasts at least MinSeconds.
    long steps = 1024;
    double seconds = runSteps<N>(*model, *inputs, steps);
    while(seconds < WarmupSeconds)
    {
        steps *= 2;
        seconds = runSteps<N>(*model, *inputs, steps);
    }
    steps = std::max(steps, (long)std::ceil(MinSeconds * 1.1 * steps / seconds));

    std::vector<double> ns;
    for(int r = 0; r < Repetitions; ++r)
        ns.push_back(runSteps<N>(*model, *inputs, steps) * 1e9 / (double)steps);
    std::sort(ns.begin(), ns.end());
    return { ns.front(), ns[Repetitions / 2] };
}

template <int N>
void row()
{
    const auto gru = measure<N, GruModel<N>>(1000 + N);
    const auto lstm = measure<N, LstmModel<N>>(2000 + N);
    std::printf("%4d | %10.1f | %10.1f | %10.1f | %10.1f\n", N, gru.minNs, gru.medianNs, lstm.minNs, lstm.medianNs);
    std::fflush(stdout);
}
} // namespace

int main()
{
    std::printf("RTNeural ModelT (Eigen, float): ns per step = one forward() of a recurrent layer of n units\n");
    std::printf("on n inputs plus a dense n -> 1 head; %d repetitions of >= %.1f s each\n\n", Repetitions, MinSeconds);
    std::printf("   n |    GRU min | GRU median |   LSTM min | LSTM median\n");
    std::printf("-----|------------|------------|------------|------------\n");
    row<8>();
    row<16>();
    row<32>();
    row<64>();
    std::printf("\n(checksum %g)\n", (double)sink);
    return 0;
}
