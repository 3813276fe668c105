// Secret (firmware/Usmp/Protocol/Secret.cs), craft habit 9: the one secret-wiping helper zeroes
// exactly the range it is given, accepts null, and leaves the bytes around a range untouched.
using nanoFramework.TestFramework;
using Usmp;

namespace NFUnitTest.Protocol
{
    [TestClass]
    public class SecretTests
    {
        private static byte[] Filled(int length)
        {
            byte[] b = new byte[length];
            for (int i = 0; i < length; i++)
            {
                b[i] = (byte)(0xA0 + i);
            }
            return b;
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(32)]
        [DataRow(1808)]
        public void Wipe_zeroes_the_whole_array(int length)
        {
            byte[] secret = Filled(length);
            Secret.Wipe(secret);
            for (int i = 0; i < length; i++)
            {
                Assert.AreEqual((byte)0, secret[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void Wipe_range_zeroes_only_the_range()
        {
            byte[] secret = Filled(40);
            Secret.Wipe(secret, 4, 32);
            for (int i = 0; i < 40; i++)
            {
                byte expected = i >= 4 && i < 36 ? (byte)0 : (byte)(0xA0 + i);
                Assert.AreEqual(expected, secret[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void Wipe_accepts_null_and_empty()
        {
            Secret.Wipe(null);
            Secret.Wipe(null, 0, 0);
            byte[] empty = new byte[0];
            Secret.Wipe(empty);
            Assert.AreEqual(0, empty.Length);
        }
    }
}
