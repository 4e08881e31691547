"""The demo builder: the Hà Nội demo made through every app's services, above all of them."""
