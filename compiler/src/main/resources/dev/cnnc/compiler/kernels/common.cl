/* Shared by every unit of every program: `real` is float or double (typedef above). */
