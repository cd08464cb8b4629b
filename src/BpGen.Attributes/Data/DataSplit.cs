using System;

namespace BpGen
{
    /// <summary>A seeded train/test split, and gathering the rows it picks.</summary>
    public static class DataSplit
    {
        /// <summary>
        /// Shuffles the sample indexes 0 … count − 1 with <paramref name="seed"/> and puts the first
        /// round(count × testFraction) of them in the test part; the same seed gives the same split everywhere.
        /// </summary>
        public static (int[] Train, int[] Test) Indices(int count, double testFraction, int seed)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at least 0, but it is {count}.");
            }

            if (!(testFraction >= 0 && testFraction <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"testFraction must be in [0, 1], but it is {testFraction}.");
            }

            var order = new int[count];
            for (int i = 0; i < count; i++)
            {
                order[i] = i;
            }

            new SeededRandom(seed).Shuffle<int>(order);
            int testCount = (int)Math.Round(count * testFraction, MidpointRounding.AwayFromZero);
            int[] test = order.AsSpan(0, testCount).ToArray();
            int[] train = order.AsSpan(testCount).ToArray();
            Array.Sort(test);
            Array.Sort(train);
            return (train, test);
        }

        /// <summary>Copies the rows <paramref name="indices"/> (each <paramref name="rowLength"/> values) out of <paramref name="rows"/>.</summary>
        public static T[] Rows<T>(ReadOnlySpan<T> rows, int rowLength, ReadOnlySpan<int> indices)
        {
            if (rowLength < 1 || rows.Length % rowLength != 0)
            {
                throw new ArgumentException($"rows must hold whole rows of rowLength = {rowLength} values, but they hold {rows.Length}.", nameof(rows));
            }

            var result = new T[indices.Length * rowLength];
            for (int i = 0; i < indices.Length; i++)
            {
                rows.Slice(indices[i] * rowLength, rowLength).CopyTo(result.AsSpan(i * rowLength, rowLength));
            }

            return result;
        }
    }
}
