//! Part 6's mistakes that the compiler accepts (to come: a deadline made
//! once for the whole run, a call made without the article's deadline, a cut
//! article dropped instead of reported).
